package dev.libcontainerd.errdefs;

import io.grpc.Status;

/** Raised when bad input (an invalid id, a malformed spec, a negative size); raised before anything is written. */
public class InvalidParameterException extends ContainerdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public InvalidParameterException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public InvalidParameterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message, a cause and containerd's gRPC status. */
    public InvalidParameterException(String message, Throwable cause, Status grpcStatus) {
        super(message, cause, grpcStatus);
    }
}
