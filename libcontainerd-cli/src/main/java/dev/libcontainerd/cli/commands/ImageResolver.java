package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.rootfs.BusyboxImage;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.ContainerRootfs;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.image.Images;
import dev.libcontainerd.image.PullOptions;

/**
 * The image a {@code run} or {@code create} names: the built-in busybox, an image here, or one
 * pulled first as docker does ("Unable to find image 'x:latest' locally", then the pull's
 * progress, all on stderr so that stdout stays the container's).
 */
final class ImageResolver {
    private ImageResolver() {}

    /**
     * The stored name of {@code image}, pulled first when {@code pull} says so.
     *
     * @param pull {@code missing}, {@code always} or {@code never}, as docker's {@code --pull}
     */
    static String resolve(Context ctx, Images images, String image, String pull) {
        if (BusyboxImage.named(image)) {
            return BusyboxImage.ensure(images, ctx.layout().state().resolve("busybox-image.lock"));
        }
        ImageRef ref = ImageRef.parse(image);
        if (!pull.equals("always")) {
            try {
                return images.get(ref.toString()).name();
            } catch (NotFoundException e) {
                System.err.println("Unable to find image '" + ref.familiar() + "' locally");
            }
            if (pull.equals("never")) {
                throw new CliException("No such image: " + ref.familiar() + " (and --pull never)");
            }
        }
        Image pulled = images.pull(
                ref.toString(),
                PullOptions.builder()
                        .progress(new PullCommand.ProgressBars(System.err, System.console() != null))
                        .build());
        System.err.println("Digest: " + pulled.target().digest());
        System.err.println("Status: Downloaded newer image for " + ref.familiar());
        return pulled.name();
    }

    /**
     * A new read-write snapshot of {@code image} keyed by the container's id. A snapshot with that
     * key can only be one a create that died midway left (the id has no container): it goes.
     */
    static ContainerRootfs prepare(Images images, String image, String id) {
        try {
            return images.prepareRootfs(image, Images.DEFAULT_SNAPSHOTTER, id);
        } catch (ConflictException e) {
            images.removeRootfs(Images.DEFAULT_SNAPSHOTTER, id);
            return images.prepareRootfs(image, Images.DEFAULT_SNAPSHOTTER, id);
        }
    }

    /** Ends the lease of a snapshot a container record now holds; a failure only delays its expiry. */
    static void release(Images images, ContainerRootfs rootfs) {
        try {
            images.release(rootfs);
        } catch (ContainerdException e) {
            // the lease expires by itself within ten minutes
        }
    }

    /** Removes a snapshot no container got, and its lease. */
    static void discard(Images images, ContainerRootfs rootfs) {
        try {
            images.removeRootfs(rootfs.snapshotter(), rootfs.key());
        } catch (ContainerdException e) {
            // the lease's end leaves it to containerd's GC
        }
        release(images, rootfs);
    }

    /** An image name as docker shows it ({@code busybox} for the built-in one). */
    static String familiar(String name) {
        if (name.equals(BusyboxImage.NAME)) {
            return ContainerCommand.BUILTIN_IMAGE;
        }
        try {
            return ImageRef.parse(name).familiar();
        } catch (ContainerdException e) {
            return name;
        }
    }
}
