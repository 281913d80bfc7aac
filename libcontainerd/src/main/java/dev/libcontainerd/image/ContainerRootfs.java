package dev.libcontainerd.image;

import dev.libcontainerd.ContainerSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * A read-write snapshot prepared for one container over an unpacked image: what the container
 * record names ({@code image}, {@code snapshotter}, {@code snapshot_key}) and the mounts
 * {@code Tasks.Create} takes as its root filesystem.
 *
 * @param image the image's name
 * @param snapshotter the snapshotter holding the snapshot
 * @param key the snapshot's key
 * @param mounts how to mount it
 * @param lease the containerd lease that keeps the new snapshot from the garbage collector
 *     until a container record references it; {@link Images#release(ContainerRootfs)} ends it
 */
public record ContainerRootfs(String image, String snapshotter, String key, List<SnapshotMount> mounts, String lease) {
    /** Checks and copies the values. */
    public ContainerRootfs {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(key, "key");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(lease, "lease");
    }

    /** What {@link dev.libcontainerd.Client#create(String, dev.libcontainerd.oci.Spec,
     * dev.libcontainerd.RuntimeOptions, ContainerSnapshot)} takes to run a container on it. */
    public ContainerSnapshot snapshot() {
        return new ContainerSnapshot(image, snapshotter, key);
    }
}
