package dev.libcontainerd.internal.grpc;

import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.events.v1.EventsGrpc;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.services.version.v1.VersionGrpc;
import dev.libcontainerd.errdefs.UnavailableException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel to containerd's Unix socket, shared by everything that talks to that daemon.
 *
 * <p>The channel reconnects by itself when containerd restarts, so it is created once and never
 * replaced. Stubs are cheap immutable views of it: each call takes a fresh one carrying the
 * namespace header and its own deadline.
 */
public final class Connection implements AutoCloseable {
    /** containerd's gRPC metadata key for the namespace. */
    public static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private static final int MAX_MESSAGE_BYTES = 16 << 20; // containerd's own send/recv limit

    private final Path socket;
    private final ManagedChannel channel;
    private final EventLoopGroup eventLoop;
    private final Duration callTimeout;

    private Connection(Path socket, ManagedChannel channel, EventLoopGroup eventLoop, Duration callTimeout) {
        this.socket = socket;
        this.channel = channel;
        this.eventLoop = eventLoop;
        this.callTimeout = callTimeout;
    }

    /** Opens a channel to {@code socket}; no I/O happens until the first call. */
    public static Connection open(Path socket, Duration callTimeout) {
        if (!Epoll.isAvailable()) {
            throw new UnavailableException(
                    "native epoll transport unavailable: " + Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
        }
        // One event-loop thread serves every call and stream, however many containers run.
        EventLoopGroup group = new EpollEventLoopGroup(1, new DefaultThreadFactory("libcontainerd-grpc", true));
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(group)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .usePlaintext()
                .build();
        return new Connection(socket, channel, group, callTimeout);
    }

    /** The socket this connection talks to. */
    public Path socket() {
        return socket;
    }

    /** The deadline given to every control call. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The underlying channel. */
    public ManagedChannel channel() {
        return channel;
    }

    /** A stub scoped to {@code namespace}, without a deadline (for streams). */
    public <S extends AbstractStub<S>> S scoped(S stub, String namespace) {
        Metadata md = new Metadata();
        md.put(NAMESPACE_HEADER, namespace);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    /** A stub scoped to {@code namespace} whose calls carry the control-call deadline. */
    public <S extends AbstractStub<S>> S control(S stub, String namespace) {
        return scoped(stub, namespace).withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocking Tasks stub for one call. */
    public TasksGrpc.TasksBlockingStub tasks(String ns) {
        return control(TasksGrpc.newBlockingStub(channel), ns);
    }

    /** Blocking Tasks stub for one long call (checkpoint, restore) with its own deadline. */
    public TasksGrpc.TasksBlockingStub tasks(String ns, Duration timeout) {
        return scoped(TasksGrpc.newBlockingStub(channel), ns)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocking Containers stub for one call. */
    public ContainersGrpc.ContainersBlockingStub containers(String ns) {
        return control(ContainersGrpc.newBlockingStub(channel), ns);
    }

    /** Blocking Version stub for one call. */
    public VersionGrpc.VersionBlockingStub version() {
        return VersionGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Async Events stub, without a deadline: subscriptions last. */
    public EventsGrpc.EventsStub events() {
        return EventsGrpc.newStub(channel);
    }

    /** Blocking health stub with the given deadline. */
    public HealthGrpc.HealthBlockingStub health(Duration timeout) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
