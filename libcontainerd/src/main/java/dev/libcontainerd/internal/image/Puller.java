package dev.libcontainerd.internal.image;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.image.BlobProgress;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageConfig;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.image.ProgressListener;
import dev.libcontainerd.image.PullOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull: resolve the reference, pick the platform's manifest, stream config and layers into
 * the content store (layers concurrently, each unpacked as soon as it and those below it are
 * in), write manifest and index with their GC labels, and the image record last. Everything
 * happens under one lease, released at the end; after a failure the release waits for the
 * garbage collector, so nothing is left.
 */
final class Puller {
    private static final Logger LOG = LoggerFactory.getLogger(Puller.class);

    private final ImageServices base;
    private final ImageStore images;

    Puller(ImageServices base, ImageStore images) {
        this.base = base;
        this.images = images;
    }

    Image pull(ImageRef ref, PullOptions options) {
        long t0 = System.nanoTime();
        RegistryClient registry = new RegistryClient(ref, options);
        RegistryClient.Fetched top = registry.manifest(ref.object());
        String where = ref + " from registry " + ref.domain();
        String topDigest = Manifests.sha256(top.data());
        if (ref.digest() != null && !ref.digest().equals(topDigest)) {
            throw new InvalidParameterException(
                    where + ": the manifest's digest is " + topDigest + ", not " + ref.digest());
        }
        String topType = Manifests.mediaType(top.data(), top.contentType(), "manifest of " + where);
        Descriptor topDesc = new Descriptor(topType, topDigest, top.data().length);

        byte[] manifestBytes = top.data();
        Descriptor manifestDesc = topDesc;
        if (MediaTypes.isIndex(topType)) {
            List<Manifests.Entry> entries = Manifests.index(top.data(), "index of " + where);
            Manifests.Entry chosen = entries.stream()
                    .filter(e -> e.platform() != null
                            && options.platform().matches(e.platform())
                            && MediaTypes.isManifest(e.manifest().mediaType()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidParameterException(where + " has no image for "
                            + options.platform() + "; it has: "
                            + entries.stream()
                                    .map(e -> String.valueOf(e.platform()))
                                    .collect(Collectors.joining(", "))));
            manifestDesc = chosen.manifest();
            RegistryClient.Fetched m = registry.manifest(manifestDesc.digest());
            manifestBytes = m.data();
            if (!Manifests.sha256(manifestBytes).equals(manifestDesc.digest())) {
                throw new InvalidParameterException(
                        where + ": manifest " + manifestDesc.digest() + " does not match its digest");
            }
        }
        Manifests.Manifest manifest =
                Manifests.manifest(manifestBytes, "manifest " + manifestDesc.digest() + " of " + where);
        byte[] configBytes =
                registry.blobBytes(manifest.config().digest(), manifest.config().size());
        if (configBytes.length != manifest.config().size()
                || !Manifests.sha256(configBytes).equals(manifest.config().digest())) {
            throw new InvalidParameterException(
                    where + ": config " + manifest.config().digest() + " does not match its descriptor");
        }
        ImageConfig config = Manifests.config(
                configBytes, "config of " + where, manifest.layers().size());
        // A config that names no architecture ("unknown") is taken at its word for any platform.
        if (!config.platform().architecture().equals("unknown")
                && (!config.platform().os().equals(options.platform().os())
                        || !config.platform()
                                .architecture()
                                .equals(options.platform().architecture()))) {
            throw new InvalidParameterException(
                    where + " is an image for " + config.platform() + ", not " + options.platform());
        }

        Map<String, String> source = Map.of("containerd.io/distribution.source." + ref.domain(), ref.path());
        Lease lease = Lease.create(base);
        DownloadSchedule schedule = new DownloadSchedule(manifest.layers().size(), options.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(2 * options.concurrency(), r -> {
            Thread t = new Thread(r, "lcd-pull");
            t.setDaemon(true);
            return t;
        });
        boolean ok = false;
        try {
            ImageServices svc = lease.services();
            ContentStore content = new ContentStore(svc);
            content.writeBytes(
                    "config-" + manifest.config().digest(), manifest.config().digest(), configBytes, source);
            List<Future<?>> fetches = new ArrayList<>();
            for (int i = 0; i < manifest.layers().size(); i++) {
                int n = i;
                Descriptor layer = manifest.layers().get(n);
                fetches.add(pool.submit(() -> {
                    try {
                        fetchBlob(registry, content, layer, source, options, schedule, n);
                    } finally {
                        schedule.finished(n);
                    }
                    LOG.debug(
                            "pull {}: fetched {} at {} ms", ref, layer.digest(), (System.nanoTime() - t0) / 1_000_000);
                }));
            }
            Unpacker unpacker = options.unpack() ? new Unpacker(svc, options.snapshotter()) : null;
            String chain = null;
            for (int i = 0; i < fetches.size(); i++) {
                await(fetches.get(i));
                long fetched = System.nanoTime();
                if (unpacker != null) {
                    chain = unpacker.apply(
                            chain, manifest.layers().get(i), config.diffIds().get(i));
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug(
                            "pull {}: layer {} in at {} ms, unpacked at {} ms",
                            ref,
                            i,
                            (fetched - t0) / 1_000_000,
                            (System.nanoTime() - t0) / 1_000_000);
                }
            }
            Map<String, String> manifestLabels = new LinkedHashMap<>(source);
            manifestLabels.put(
                    "containerd.io/gc.ref.content.config", manifest.config().digest());
            for (int i = 0; i < manifest.layers().size(); i++) {
                manifestLabels.put(
                        "containerd.io/gc.ref.content.l." + i,
                        manifest.layers().get(i).digest());
            }
            if (chain != null) {
                // What keeps the unpacked snapshots alive once the lease is gone.
                content.setLabels(
                        manifest.config().digest(),
                        Map.of("containerd.io/gc.ref.snapshot." + options.snapshotter(), chain));
            }
            content.writeBytes(
                    "manifest-" + manifestDesc.digest(), manifestDesc.digest(), manifestBytes, manifestLabels);
            if (topDesc != manifestDesc) {
                Map<String, String> indexLabels = new LinkedHashMap<>(source);
                indexLabels.put("containerd.io/gc.ref.content.m.0", manifestDesc.digest());
                content.writeBytes("index-" + topDesc.digest(), topDesc.digest(), top.data(), indexLabels);
            }
            Image image = images.put(ref.toString(), topDesc);
            ok = true;
            return image;
        } finally {
            pool.shutdownNow();
            if (!ok) {
                lease.collectOnRelease();
            }
            lease.close();
        }
    }

    private static void fetchBlob(
            RegistryClient registry,
            ContentStore content,
            Descriptor layer,
            Map<String, String> labels,
            PullOptions options,
            DownloadSchedule schedule,
            int n) {
        var listener = options.progress();
        if (content.info(layer.digest())
                .filter(i -> i.getSize() == layer.size())
                .isPresent()) {
            content.setLabels(layer.digest(), labels);
            report(
                    listener,
                    new BlobProgress(
                            layer.digest(), layer.mediaType(), layer.size(), layer.size(), BlobProgress.State.EXISTS));
            return;
        }
        schedule.start(n);
        report(
                listener,
                new BlobProgress(layer.digest(), layer.mediaType(), 0, layer.size(), BlobProgress.State.DOWNLOADING));
        content.write(
                "layer-" + layer.digest(),
                layer.digest(),
                layer.size(),
                offset -> registry.blob(layer.digest(), offset),
                labels,
                done -> {
                    schedule.progress(n, done, layer.size());
                    report(
                            listener,
                            new BlobProgress(
                                    layer.digest(),
                                    layer.mediaType(),
                                    done,
                                    layer.size(),
                                    BlobProgress.State.DOWNLOADING));
                });
        report(
                listener,
                new BlobProgress(
                        layer.digest(), layer.mediaType(), layer.size(), layer.size(), BlobProgress.State.DONE));
    }

    private static void report(ProgressListener l, BlobProgress p) {
        try {
            l.progress(p);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed: {}", e.toString());
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("pull interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ContainerdException c) {
                throw c;
            }
            throw new SystemException("fetching a layer: " + e.getCause(), e.getCause());
        }
    }
}
