package dev.libcontainerd.image;

/**
 * How far one blob of a pull has come.
 *
 * @param digest the blob's digest
 * @param mediaType its media type (manifest, config, layer …)
 * @param done bytes in containerd's content store so far
 * @param total the blob's size
 * @param state what is happening to it
 */
public record BlobProgress(String digest, String mediaType, long done, long total, State state) {
    /** The stage a blob is in. */
    public enum State {
        /** Bytes are being fetched; {@code done} grows. */
        DOWNLOADING,
        /** containerd already had it: nothing was fetched. */
        EXISTS,
        /** Fetched and committed, digest and size verified by containerd. */
        DONE
    }
}
