package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when anything else; the cause is attached. */
public class SystemException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public SystemException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public SystemException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public SystemException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
