package dev.libcontainerd.internal.image;

import containerd.services.diff.v1.ApplyRequest;
import containerd.services.snapshots.v1.CommitSnapshotRequest;
import containerd.services.snapshots.v1.PrepareSnapshotRequest;
import containerd.services.snapshots.v1.RemoveSnapshotRequest;
import containerd.services.snapshots.v1.StatSnapshotRequest;
import containerd.types.Mount;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unpacks layers into a snapshotter as containerd's {@code rootfs.ApplyLayers} does: one
 * snapshot per layer named by its chain id, prepared over the previous one, filled by the diff
 * service, committed; layers whose chain id exists are skipped. Sets the labels containerd's
 * client sets ({@code containerd.io/uncompressed} on each layer blob).
 */
final class Unpacker {
    static final String UNCOMPRESSED = "containerd.io/uncompressed";

    private final ImageServices services;
    private final ContentStore content;
    private final String snapshotter;

    Unpacker(ImageServices services, String snapshotter) {
        this.services = services;
        this.content = new ContentStore(services);
        this.snapshotter = snapshotter;
    }

    /** The chain id of layer {@code diffIds[n]} over the layers below it. */
    static String chainId(String parentChain, String diffId) {
        if (parentChain == null) {
            return diffId;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((parentChain + " " + diffId).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String topChainId(List<String> diffIds) {
        String chain = null;
        for (String d : diffIds) {
            chain = chainId(chain, d);
        }
        return chain;
    }

    boolean exists(String key) {
        try {
            services.snapshots()
                    .stat(StatSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build());
            return true;
        } catch (RuntimeException e) {
            RuntimeException m = GrpcErrors.map("stat snapshot " + key, e);
            if (m instanceof NotFoundException) {
                return false;
            }
            throw m;
        }
    }

    /**
     * Applies {@code layer} (the {@code index}-th) over {@code parentChain} unless its chain id
     * exists. Returns its chain id.
     */
    String apply(String parentChain, Descriptor layer, String diffId) {
        String chain = chainId(parentChain, diffId);
        if (exists(chain)) {
            return chain;
        }
        String key = "extract-" + System.nanoTime() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + " " + chain;
        List<Mount> mounts;
        try {
            mounts = services.snapshots()
                    .prepare(PrepareSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .setParent(parentChain == null ? "" : parentChain)
                            .build())
                    .getMountsList();
        } catch (RuntimeException e) {
            throw GrpcErrors.map("prepare snapshot for layer " + layer.digest() + " in " + snapshotter, e);
        }
        boolean committed = false;
        try {
            String applied;
            try {
                applied = services.diff()
                        .apply(ApplyRequest.newBuilder()
                                .setDiff(containerd.types.Descriptor.newBuilder()
                                        .setMediaType(layer.mediaType())
                                        .setDigest(layer.digest())
                                        .setSize(layer.size()))
                                .addAllMounts(mounts)
                                .build())
                        .getApplied()
                        .getDigest();
            } catch (RuntimeException e) {
                throw GrpcErrors.map("apply layer " + layer.digest(), e);
            }
            if (!applied.equals(diffId)) {
                throw new InvalidParameterException(
                        "layer " + layer.digest() + " unpacks to " + applied + " but the image config says " + diffId);
            }
            try {
                services.snapshots()
                        .commit(CommitSnapshotRequest.newBuilder()
                                .setSnapshotter(snapshotter)
                                .setName(chain)
                                .setKey(key)
                                .build());
                committed = true;
            } catch (RuntimeException e) {
                RuntimeException m = GrpcErrors.map("commit snapshot " + chain, e);
                // Another unpack of the same layer won the race: its snapshot serves as well.
                if (!(m instanceof ConflictException) || !exists(chain)) {
                    throw m;
                }
            }
        } finally {
            if (!committed) {
                remove(key);
            }
        }
        content.setLabels(layer.digest(), Map.of(UNCOMPRESSED, diffId));
        return chain;
    }

    void remove(String key) {
        try {
            services.snapshots()
                    .remove(RemoveSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build());
        } catch (RuntimeException e) {
            // best effort: an active snapshot left by a failure is reclaimed with its lease
        }
    }
}
