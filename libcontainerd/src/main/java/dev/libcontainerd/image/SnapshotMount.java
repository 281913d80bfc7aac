package dev.libcontainerd.image;

import java.util.List;
import java.util.Objects;

/**
 * One mount of a snapshot, as containerd's snapshotter returns it and {@code Tasks.Create}
 * takes it as the container's root filesystem.
 *
 * @param type e.g. {@code overlay} or {@code bind}
 * @param source e.g. {@code overlay} or a host directory
 * @param options e.g. {@code lowerdir=…}, {@code upperdir=…}, {@code rbind}
 */
public record SnapshotMount(String type, String source, List<String> options) {
    /** Copies the options. */
    public SnapshotMount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = options == null ? List.of() : List.copyOf(options);
    }
}
