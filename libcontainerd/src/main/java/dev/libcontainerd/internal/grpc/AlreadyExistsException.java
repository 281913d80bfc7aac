package dev.libcontainerd.internal.grpc;

import dev.libcontainerd.errdefs.ConflictException;
import io.grpc.Status;

/**
 * containerd's AlreadyExists: a {@link ConflictException} that operations can tell from the other
 * conflicts (a state refusal) to word their message, without looking at gRPC codes.
 */
public final class AlreadyExistsException extends ConflictException {
    private static final long serialVersionUID = 1L;

    AlreadyExistsException(String message, Throwable cause, Status status) {
        super(message, cause, status);
    }
}
