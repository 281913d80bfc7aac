package dev.libcontainerd.image;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An image record in containerd's image store: a name pointing at a manifest or an index.
 *
 * @param name the full name, e.g. {@code docker.io/library/busybox:latest}
 * @param target the manifest or index the name points at
 * @param labels the record's labels; unmodifiable
 * @param createdAt when the record was created
 * @param updatedAt when it last changed
 */
public record Image(String name, Descriptor target, Map<String, String> labels, Instant createdAt, Instant updatedAt) {
    /** Checks and copies the values. */
    public Image {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The image id as docker shows it: the target's digest. */
    public String id() {
        return target.digest();
    }
}
