package dev.libcontainerd.internal.image;

import containerd.services.leases.v1.CreateRequest;
import containerd.services.leases.v1.DeleteRequest;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;

/**
 * A containerd lease that keeps everything created under it from the garbage collector until it
 * is released, and expires by itself after a day (as the Go client's leases do) should this JVM
 * die first.
 */
final class Lease implements AutoCloseable {
    private final ImageServices base;
    private final String id;
    private boolean syncOnRelease;

    private Lease(ImageServices base, String id) {
        this.base = base;
        this.id = id;
    }

    static Lease create(ImageServices services) {
        return create(services, Duration.ofHours(24));
    }

    static Lease create(ImageServices services, Duration expiry) {
        String id = "lcd-" + System.currentTimeMillis() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try {
            services.leases()
                    .create(CreateRequest.newBuilder()
                            .setId(id)
                            .putLabels(
                                    "containerd.io/gc.expire",
                                    Instant.now()
                                            .plus(expiry)
                                            .truncatedTo(ChronoUnit.SECONDS)
                                            .toString())
                            .build());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("create lease", e);
        }
        return new Lease(services, id);
    }

    String id() {
        return id;
    }

    /** Releases lease {@code id} without waiting for the garbage collector; a missing one is fine. */
    static void release(ImageServices services, String id) {
        try {
            services.leases().delete(DeleteRequest.newBuilder().setId(id).build());
        } catch (RuntimeException e) {
            RuntimeException m = GrpcErrors.map("release lease " + id, e);
            if (!(m instanceof NotFoundException)) {
                throw m;
            }
        }
    }

    /** The services with every call inside this lease. */
    ImageServices services() {
        return base.withLease(id);
    }

    /** Makes {@link #close()} wait for the garbage collector (after a failure, to leave nothing). */
    void collectOnRelease() {
        syncOnRelease = true;
    }

    @Override
    public void close() {
        try {
            base.leases()
                    .delete(DeleteRequest.newBuilder()
                            .setId(id)
                            .setSync(syncOnRelease)
                            .build());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Lease.class)
                    .warn("releasing lease {}: {} (it expires by itself)", id, e.getMessage());
        }
    }
}
