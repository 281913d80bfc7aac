package dev.libcontainerd.image;

/**
 * Learns how a pull goes, blob by blob. Called from the fetching threads, possibly
 * concurrently for different blobs: keep it fast, do not block, do not throw (what it throws is
 * logged and ignored), and do not call back into the library.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = p -> {};

    /** Called when a blob starts, a few times a second while it downloads, and when it ends. */
    void progress(BlobProgress progress);
}
