package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when the runtime cannot do this here. */
public class NotImplementedException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public NotImplementedException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public NotImplementedException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
