package dev.libcontainerd.image;

import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.UnauthorizedException;
import dev.libcontainerd.internal.image.ImagesImpl;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * The images of one containerd namespace. Thread-safe; cheap to create; holds nothing that
 * needs closing (the {@link Containerd} does).
 *
 * <p>Image names are containerd's: full normalised references such as {@code
 * docker.io/library/busybox:latest}. Methods that take a name accept it as stored, or any
 * reference that normalises to it ({@code busybox}).
 */
public interface Images {
    /** The snapshotter used when none is named. */
    String DEFAULT_SNAPSHOTTER = "overlayfs";

    /** The images of {@code namespace} on {@code containerd}. */
    static Images of(Containerd containerd, String namespace) {
        return new ImagesImpl(containerd, namespace);
    }

    /**
     * Pulls {@code ref} from its registry into containerd's content store under a lease, writes
     * the image record last, and unpacks it unless the options say not to. An interrupted or
     * failed pull leaves no image record.
     *
     * @throws InvalidParameterException for a malformed reference, manifest or blob (a digest
     *     that does not match), or when the image has no manifest for the platform
     * @throws UnauthorizedException when the registry refuses the credentials
     * @throws NotFoundException when the registry has no such repository, tag or digest
     * @throws dev.libcontainerd.errdefs.UnavailableException when the registry or containerd
     *     cannot be reached
     */
    Image pull(String ref, PullOptions options);

    /**
     * The image record named {@code name}.
     *
     * @throws NotFoundException when there is none
     */
    Image get(String name);

    /** Every image record of the namespace, sorted by name. */
    List<Image> list();

    /**
     * Removes the image record. Its content and snapshots are left to containerd's garbage
     * collector, which runs before this returns when {@code syncGc} is true.
     *
     * @throws NotFoundException when there is no such image
     */
    void remove(String name, boolean syncGc);

    /**
     * Unpacks the image's layers for the host platform into {@code snapshotter}, skipping layers
     * already there, and returns the chain id of the top layer's snapshot.
     *
     * @throws NotFoundException when the image or one of its blobs is missing
     */
    String unpack(String name, String snapshotter);

    /** The image's config for the host platform. */
    ImageConfig config(String name);

    /**
     * The total size of the host platform's config and layers, as stored (compressed).
     */
    long size(String name);

    /**
     * Imports a {@code docker save} tarball or an OCI image layout (a directory or its tar)
     * and writes an image record for each image in it. Images without a name in the archive
     * are named {@code name} (required then). Nothing is unpacked.
     *
     * @return the images written
     * @throws InvalidParameterException when the archive is neither, is malformed, or has an
     *     image without a name and {@code name} is null
     */
    List<Image> importArchive(Path archive, String name);

    /**
     * Writes the image as an OCI image layout tar to {@code tarFile} (replaced if present),
     * with the blobs that the content store holds for it.
     */
    void export(String name, Path tarFile);

    /**
     * Unpacks the image (if needed) and prepares a new read-write snapshot {@code key} over it
     * for a container, under a lease (see {@link #release}) so that containerd's garbage
     * collector cannot take it before a container record references it.
     *
     * @throws ConflictException when a snapshot {@code key} exists
     */
    ContainerRootfs prepareRootfs(String name, String snapshotter, String key);

    /**
     * Moves a container's snapshot to the new key {@code key}, for a container re-created under
     * another id (a rename): snapshot {@code from} is committed, so its contents stay as they
     * are, and a new read-write snapshot {@code key} is prepared over it under a lease, as {@link
     * #prepareRootfs} does. Key {@code from.key()} is gone afterwards, so deleting the old
     * container record removes no snapshot; the committed one goes to containerd's GC with the
     * last snapshot over it.
     *
     * @throws NotFoundException when there is no snapshot {@code from}
     * @throws ConflictException when a snapshot {@code key} exists
     */
    ContainerRootfs moveRootfs(ContainerSnapshot from, String key);

    /**
     * Ends the lease that protects a snapshot from {@link #prepareRootfs}: call it once the
     * container record that names the snapshot exists (containerd's GC then keeps the snapshot
     * for the container). Unreleased, the lease expires by itself after ten minutes.
     */
    void release(ContainerRootfs rootfs);

    /**
     * The mounts of an existing snapshot, e.g. a container's (its record names snapshotter and
     * key), for {@code Tasks.Create} after a restart or in a new JVM.
     *
     * @throws NotFoundException when there is no such snapshot
     */
    List<SnapshotMount> mounts(String snapshotter, String key);

    /**
     * Removes a container's snapshot.
     *
     * @throws NotFoundException when there is none
     */
    void removeRootfs(String snapshotter, String key);

    /**
     * A spec for running the image as {@code containerId}: containerd's Linux defaults, with the
     * process built from the image config and the caller's overrides as docker combines them
     * (entrypoint + command, environment, working directory, user), and the root at {@code
     * rootfs} (the bundle's rootfs, where containerd mounts the snapshot).
     *
     * @throws InvalidParameterException when neither the image nor the overrides give a
     *     command, or the user cannot be resolved in the image
     */
    Spec.Builder spec(ContainerRootfs rootfs, String containerId, RunOverrides overrides);
}
