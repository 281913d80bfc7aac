package dev.libcontainerd.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.regex.Pattern;

/**
 * An OCI content descriptor: what a blob is, its digest and its size.
 *
 * @param mediaType the blob's media type, e.g. {@code application/vnd.oci.image.index.v1+json}
 * @param digest {@code sha256:} and 64 lower-case hex digits
 * @param size the blob's size in bytes
 */
public record Descriptor(String mediaType, String digest, long size) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    /**
     * Checks the values.
     *
     * @throws InvalidParameterException for a null media type, a digest that is not sha256 or
     *     a negative size
     */
    public Descriptor {
        if (mediaType == null) {
            throw new InvalidParameterException("descriptor without a media type");
        }
        requireDigest(digest);
        if (size < 0) {
            throw new InvalidParameterException("descriptor " + digest + " has a negative size");
        }
    }

    /** Returns {@code digest} when it is {@code sha256:} and 64 lower-case hex digits. */
    public static String requireDigest(String digest) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new InvalidParameterException(
                    "\"" + digest + "\" is not a digest: expected sha256: and 64 lower-case hex digits");
        }
        return digest;
    }
}
