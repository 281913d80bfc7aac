package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when the object already exists, or its state forbids the operation (start twice, delete a running task, exec id in use, pause a paused task). */
public class ConflictException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public ConflictException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public ConflictException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
