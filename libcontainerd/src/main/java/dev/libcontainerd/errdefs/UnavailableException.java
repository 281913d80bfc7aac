package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when containerd is not reachable, or did not answer within the call's deadline. */
public class UnavailableException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public UnavailableException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public UnavailableException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
