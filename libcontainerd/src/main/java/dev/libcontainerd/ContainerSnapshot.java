package dev.libcontainerd;

import java.util.Objects;

/**
 * A read-write snapshot that serves as a container's root filesystem, as containerd's container
 * record names it: the image it came from, the snapshotter that holds it and its key. {@code
 * dev.libcontainerd.image.Images#prepareRootfs} makes one ({@code ContainerRootfs#snapshot()}).
 *
 * @param image the image's name, recorded on the container ({@code ""} if none)
 * @param snapshotter the snapshotter, e.g. {@code overlayfs}
 * @param key the snapshot's key
 */
public record ContainerSnapshot(String image, String snapshotter, String key) {
    public ContainerSnapshot {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(key, "key");
    }
}
