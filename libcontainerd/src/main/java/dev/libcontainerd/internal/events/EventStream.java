package dev.libcontainerd.internal.events;

import containerd.services.events.v1.Envelope;
import containerd.services.events.v1.SubscribeRequest;
import dev.libcontainerd.internal.grpc.Connection;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one subscription to containerd's task events (and container deletes) for a
 * namespace.
 *
 * <p>When the stream breaks (containerd restarted or died), it waits with a capped backoff until
 * containerd's health service reports SERVING — no tight loop, no log flood (moby#37742,
 * moby#41228) — subscribes again, and then runs {@code afterResubscribe} so that the owner can
 * reconcile what happened while nobody listened: containerd does not replay events.
 */
public final class EventStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2000;

    private final Connection connection;
    private final String namespace;
    private final Consumer<MappedEvent> sink;
    private final Runnable afterResubscribe;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile Context.CancellableContext current;

    /**
     * @param sink receives events in containerd's publish order, one at a time, on the connection's
     *     transport thread: it must not block (no calls to containerd)
     * @param afterResubscribe runs (on the scheduler) after every re-subscription, and once shortly
     *     after the first
     * @param scheduler a single thread used only to wait between reconnection attempts
     */
    public EventStream(
            Connection connection,
            String namespace,
            Consumer<MappedEvent> sink,
            Runnable afterResubscribe,
            ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.namespace = namespace;
        this.sink = sink;
        this.afterResubscribe = afterResubscribe;
        this.scheduler = scheduler;
    }

    /**
     * Subscribes; events flow from now on. The subscription registers asynchronously, so an exit
     * of a process started right after this returns could slip past it: the owner's check runs
     * once a moment later too.
     */
    public void start() {
        subscribe();
        scheduler.schedule(this::reconcile, 1, TimeUnit.SECONDS);
    }

    private synchronized void subscribe() {
        if (closed) {
            return; // checked under the same lock as close(): no stream starts after it
        }
        // ROOT: the subscription must not inherit the cancellation of whoever triggered it
        Context.CancellableContext ctx = Context.ROOT.withCancellation();
        current = ctx;
        SubscribeRequest req = SubscribeRequest.newBuilder()
                .addFilters("namespace==" + namespace + ",topic~=|^/tasks/|")
                // filters are alternatives: container deletes too, for a TimedBackend
                .addFilters("namespace==" + namespace + ",topic==\"/containers/delete\"")
                .build();
        // The stream's callbacks run on the transport's own thread (direct executor), one
        // hand-off fewer before an EXIT reaches its container's queue: under load every thread
        // wake-up costs up to milliseconds. Safe because the sink never blocks: it decodes, updates
        // the record under its monitor (held by nobody across a call) and queues the callback.
        ctx.run(() -> connection.events().withExecutor(Runnable::run).subscribe(req, new StreamObserver<Envelope>() {
            @Override
            public void onNext(Envelope envelope) {
                if (!envelope.hasEvent()) {
                    log.warn("invalid event on {}: no payload", envelope.getTopic());
                    return;
                }
                EventMapper.map(envelope.getEvent(), envelope.getTimestamp()).ifPresent(sink);
            }

            @Override
            public void onError(Throwable t) {
                if (closed) {
                    return;
                }
                log.warn(
                        "event stream for namespace {} broke ({}); waiting for containerd",
                        namespace,
                        Status.fromThrowable(t).getCode());
                scheduleReconnect(MIN_BACKOFF_MS);
            }

            @Override
            public void onCompleted() {
                if (!closed) {
                    log.warn("event stream for namespace {} ended; waiting for containerd", namespace);
                    scheduleReconnect(MIN_BACKOFF_MS);
                }
            }
        }));
    }

    private void scheduleReconnect(long delayMs) {
        if (closed || connection.channel().isShutdown()) {
            return; // the Containerd was closed: nothing will ever serve again
        }
        scheduler.schedule(() -> reconnect(delayMs), delayMs, TimeUnit.MILLISECONDS);
    }

    private void reconnect(long lastDelayMs) {
        if (closed) {
            return;
        }
        if (!serving()) {
            scheduleReconnect(Math.min(MAX_BACKOFF_MS, lastDelayMs * 2));
            return;
        }
        log.info("containerd serves again; resubscribing to events of namespace {}", namespace);
        subscribe();
        reconcile();
        // The subscription registers asynchronously: an exit landing just before containerd
        // starts sending would be seen by neither pass above, so look once more a moment later.
        scheduler.schedule(this::reconcile, 1, TimeUnit.SECONDS);
    }

    private void reconcile() {
        if (closed) {
            return;
        }
        try {
            afterResubscribe.run();
        } catch (RuntimeException e) {
            log.warn("reconciliation after resubscribe failed", e);
        }
    }

    private boolean serving() {
        // The channel backs off up to minutes between reconnects; containerd may be back long
        // before that, so ask for a fresh attempt before each probe.
        connection.channel().resetConnectBackoff();
        try {
            HealthCheckResponse r =
                    connection.health(Duration.ofSeconds(2)).check(HealthCheckRequest.getDefaultInstance());
            return r.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Ends the subscription; no further events or reconnections. */
    @Override
    public synchronized void close() {
        closed = true;
        Context.CancellableContext ctx = current;
        if (ctx != null) {
            ctx.cancel(null);
        }
    }
}
