package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when no such container, task or process. */
public class NotFoundException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public NotFoundException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public NotFoundException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
