package dev.libcontainerd.errdefs;

import io.grpc.Status;

/**
 * Root of every failure the library raises. Unchecked, like the rest of the API.
 *
 * <p>When the failure came from containerd, {@link #grpcStatus()} holds the gRPC status that
 * containerd answered with; otherwise it is {@code null}. Subclasses name the error class
 * (containerd's {@code errdefs}) so that callers can branch on type rather than on messages.
 */
public class ContainerdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Status grpcStatus;

    /** Creates an exception with a message and no cause or gRPC status. */
    public ContainerdException(String message) {
        this(message, null, null);
    }

    /** Creates an exception with a message and a cause, and no gRPC status. */
    public ContainerdException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * Creates an exception with a message, an optional cause and the optional gRPC status
     * containerd answered with.
     */
    public ContainerdException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause);
        this.grpcStatus = grpcStatus;
    }

    /** The gRPC status containerd answered with, or {@code null} when the failure is local. */
    public Status grpcStatus() {
        return grpcStatus;
    }
}
