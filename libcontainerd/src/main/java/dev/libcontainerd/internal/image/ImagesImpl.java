package dev.libcontainerd.internal.image;

import containerd.services.snapshots.v1.CommitSnapshotRequest;
import containerd.services.snapshots.v1.PrepareSnapshotRequest;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.ContainerRootfs;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageConfig;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.image.Images;
import dev.libcontainerd.image.Platform;
import dev.libcontainerd.image.PullOptions;
import dev.libcontainerd.image.RunOverrides;
import dev.libcontainerd.image.SnapshotMount;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/** {@link Images} over containerd's content, images, leases, snapshots and diff services. */
public final class ImagesImpl implements Images {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

    private final ImageServices services;
    private final ImageStore store;
    private final ContentStore content;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    /** The images of {@code namespace}. */
    public ImagesImpl(Containerd containerd, String namespace) {
        Objects.requireNonNull(containerd, "containerd");
        if (namespace == null
                || namespace.length() > 76
                || !NAMESPACE.matcher(namespace).matches()) {
            throw new InvalidParameterException("\"" + namespace + "\" is not a containerd namespace");
        }
        this.services = ImageServices.of(containerd, namespace);
        this.store = new ImageStore(services);
        this.content = new ContentStore(services);
    }

    /** A resolved image: its platform manifest and config. */
    record Resolved(Image image, Descriptor manifest, Manifests.Manifest layers, ImageConfig config) {}

    @Override
    public Image pull(String ref, PullOptions options) {
        Objects.requireNonNull(options, "options");
        return new Puller(services, store).pull(ImageRef.parse(ref), options);
    }

    @Override
    public Image get(String name) {
        requireName(name);
        return store.get(name);
    }

    @Override
    public List<Image> list() {
        return store.list();
    }

    @Override
    public void remove(String name, boolean syncGc) {
        requireName(name);
        store.remove(name, syncGc);
    }

    Resolved resolve(String name) {
        Image image = get(name);
        // content is addressed by digest: what a target resolved to once it resolves to again
        // (prepareRootfs then spec on one instance read the manifest and config once)
        Resolved known = resolved.get(image.target().digest());
        if (known != null) {
            return new Resolved(image, known.manifest(), known.layers(), known.config());
        }
        Resolved r = resolveTarget(image);
        if (resolved.size() > 64) {
            resolved.clear();
        }
        resolved.put(image.target().digest(), r);
        return r;
    }

    private Resolved resolveTarget(Image image) {
        Descriptor manifest = image.target();
        if (MediaTypes.isIndex(manifest.mediaType())) {
            Platform host = Platform.host();
            manifest = Manifests.index(read(manifest), "index of " + image.name()).stream()
                    .filter(e -> e.platform() != null
                            && host.matches(e.platform())
                            && MediaTypes.isManifest(e.manifest().mediaType())
                            && content.info(e.manifest().digest()).isPresent())
                    .map(Manifests.Entry::manifest)
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException(
                            "image " + image.name() + " has no manifest for " + host + " in the content store"));
        } else if (!MediaTypes.isManifest(manifest.mediaType())) {
            throw new InvalidParameterException("image " + image.name() + " points at " + manifest.mediaType()
                    + ", not an image manifest or index");
        }
        Manifests.Manifest m = Manifests.manifest(read(manifest), "manifest " + manifest.digest());
        ImageConfig config = Manifests.config(
                read(m.config()), "config " + m.config().digest(), m.layers().size());
        return new Resolved(image, manifest, m, config);
    }

    private byte[] read(Descriptor d) {
        try {
            return content.readAll(d.digest());
        } catch (NotFoundException e) {
            throw new NotFoundException("blob " + d.digest() + " is not in the content store", e);
        }
    }

    @Override
    public String unpack(String name, String snapshotter) {
        requireSnapshotter(snapshotter);
        Resolved r = resolve(name);
        return unpack(r, snapshotter);
    }

    private String unpack(Resolved r, String snapshotter) {
        String top = Unpacker.topChainId(r.config().diffIds());
        if (top == null) {
            throw new InvalidParameterException("image " + r.image().name() + " has no layers");
        }
        if (new Unpacker(services, snapshotter).exists(top)) {
            return top;
        }
        try (Lease lease = Lease.create(services)) {
            ImageServices svc = lease.services();
            Unpacker unpacker = new Unpacker(svc, snapshotter);
            String chain = null;
            for (int i = 0; i < r.layers().layers().size(); i++) {
                chain = unpacker.apply(
                        chain, r.layers().layers().get(i), r.config().diffIds().get(i));
            }
            new ContentStore(svc)
                    .setLabels(
                            r.layers().config().digest(),
                            Map.of("containerd.io/gc.ref.snapshot." + snapshotter, chain));
            return chain;
        }
    }

    @Override
    public ImageConfig config(String name) {
        return resolve(name).config();
    }

    @Override
    public long size(String name) {
        Resolved r = resolve(name);
        return r.layers().config().size()
                + r.layers().layers().stream().mapToLong(Descriptor::size).sum();
    }

    @Override
    public List<Image> importArchive(Path archive, String name) {
        Objects.requireNonNull(archive, "archive");
        if (name != null) {
            ImageRef.parse(name);
        }
        return new ArchiveImporter(services, store).importArchive(archive, name);
    }

    @Override
    public void export(String name, Path tarFile) {
        Objects.requireNonNull(tarFile, "tarFile");
        Resolved r = resolve(name);
        new LayoutExporter(content).export(r, tarFile);
    }

    @Override
    public ContainerRootfs prepareRootfs(String name, String snapshotter, String key) {
        requireSnapshotter(snapshotter);
        if (key == null || key.isEmpty()) {
            throw new InvalidParameterException("snapshot key must not be empty");
        }
        Resolved r = resolve(name);
        String parent = unpack(r, snapshotter);
        Lease lease = Lease.create(services, Duration.ofMinutes(10));
        try {
            var mounts = lease.services()
                    .snapshots()
                    .prepare(PrepareSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .setParent(parent)
                            .build())
                    .getMountsList();
            return rootfs(r.image().name(), snapshotter, key, mounts, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw GrpcErrors.map("prepare snapshot " + key, e);
        }
    }

    private static ContainerRootfs rootfs(
            String image, String snapshotter, String key, List<containerd.types.Mount> mounts, Lease lease) {
        return new ContainerRootfs(
                image,
                snapshotter,
                key,
                mounts.stream()
                        .map(m -> new SnapshotMount(m.getType(), m.getSource(), m.getOptionsList()))
                        .toList(),
                lease.id());
    }

    @Override
    public ContainerRootfs moveRootfs(ContainerSnapshot from, String key) {
        Objects.requireNonNull(from, "from");
        requireSnapshotter(from.snapshotter());
        if (key == null || key.isEmpty()) {
            throw new InvalidParameterException("snapshot key must not be empty");
        }
        Lease lease = Lease.create(services, Duration.ofMinutes(10));
        String committed = from.key() + "@" + lease.id();
        var snapshots = lease.services().snapshots();
        boolean moved = false;
        try {
            snapshots.commit(CommitSnapshotRequest.newBuilder()
                    .setSnapshotter(from.snapshotter())
                    .setKey(from.key())
                    .setName(committed)
                    .build());
            moved = true;
            var mounts = snapshots
                    .prepare(PrepareSnapshotRequest.newBuilder()
                            .setSnapshotter(from.snapshotter())
                            .setKey(key)
                            .setParent(committed)
                            .build())
                    .getMountsList();
            return rootfs(from.image(), from.snapshotter(), key, mounts, lease);
        } catch (RuntimeException e) {
            if (moved) {
                restore(from, committed);
            }
            lease.close();
            throw GrpcErrors.map("move snapshot " + from.key() + " to " + key, e);
        }
    }

    /** Gives the old key its contents back after a failed move: the old container keeps its layer. */
    private void restore(ContainerSnapshot from, String committed) {
        try {
            services.snapshots()
                    .prepare(PrepareSnapshotRequest.newBuilder()
                            .setSnapshotter(from.snapshotter())
                            .setKey(from.key())
                            .setParent(committed)
                            .build());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ImagesImpl.class)
                    .warn("snapshot {} could not be restored over {}: {}", from.key(), committed, e.getMessage());
        }
    }

    @Override
    public void release(ContainerRootfs rootfs) {
        Lease.release(services, rootfs.lease());
    }

    @Override
    public List<SnapshotMount> mounts(String snapshotter, String key) {
        requireSnapshotter(snapshotter);
        try {
            return services
                    .snapshots()
                    .mounts(containerd.services.snapshots.v1.MountsRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build())
                    .getMountsList()
                    .stream()
                    .map(m -> new SnapshotMount(m.getType(), m.getSource(), m.getOptionsList()))
                    .toList();
        } catch (RuntimeException e) {
            throw GrpcErrors.map("mounts of snapshot " + key, e);
        }
    }

    @Override
    public void removeRootfs(String snapshotter, String key) {
        requireSnapshotter(snapshotter);
        try {
            services.snapshots()
                    .remove(containerd.services.snapshots.v1.RemoveSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("remove snapshot " + key, e);
        }
    }

    @Override
    public Spec.Builder spec(ContainerRootfs rootfs, String containerId, RunOverrides overrides) {
        Objects.requireNonNull(rootfs, "rootfs");
        return ImageSpecs.build(
                config(rootfs.image()),
                rootfs,
                services.namespace(),
                containerId,
                overrides == null ? RunOverrides.NONE : overrides);
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidParameterException("image name must not be empty");
        }
    }

    private static void requireSnapshotter(String snapshotter) {
        if (snapshotter == null || !NAMESPACE.matcher(snapshotter).matches()) {
            throw new InvalidParameterException("\"" + snapshotter + "\" is not a snapshotter name");
        }
    }
}
