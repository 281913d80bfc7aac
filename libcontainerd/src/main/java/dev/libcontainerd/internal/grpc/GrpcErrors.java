package dev.libcontainerd.internal.grpc;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Turns gRPC failures into the {@code errdefs} hierarchy, as containerd's {@code errgrpc} does,
 * plus the message rules of the seed's {@code wrapError}.
 */
public final class GrpcErrors {
    private GrpcErrors() {}

    /** Maps a failure of a call to containerd; {@code what} prefixes the message. */
    public static ContainerdException map(String what, Throwable t) {
        if (t instanceof ContainerdException) {
            return (ContainerdException) t;
        }
        Status status = Status.fromThrowable(t);
        String desc = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String msg = what == null || what.isEmpty() ? desc : what + ": " + desc;
        if (status.getCode() == Status.Code.UNKNOWN && connectionLost(t)) {
            return new UnavailableException(msg, t, status);
        }
        switch (status.getCode()) {
            case NOT_FOUND:
                return new NotFoundException(msg, t, status);
            case ALREADY_EXISTS:
                return new AlreadyExistsException(msg, t, status);
            case FAILED_PRECONDITION:
            case ABORTED:
                return new ConflictException(msg, t, status);
            case INVALID_ARGUMENT:
            case OUT_OF_RANGE:
                return new InvalidParameterException(msg, t, status);
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
            case CANCELLED:
                return new UnavailableException(msg, t, status);
            case UNIMPLEMENTED:
                return new NotImplementedException(msg, t, status);
            default:
                break;
        }
        // The shim answers some state refusals as plain (Unknown) errors; keep the seed's
        // message rules so that they still surface typed.
        String lower = desc.toLowerCase(Locale.ROOT);
        // runc: "executable file not found in $PATH"; crun: "executable file `x` not found in $PATH"
        if (lower.matches("(?s).*executable file (`[^`]*` )?not found.*")
                || lower.contains("exec format error")
                || (lower.contains("unable to start container process")
                        && lower.contains("no such file or directory"))) {
            // The process's binary is missing: the caller's spec is at fault (moby answers the
            // same way, with exit code 127 for the user).
            return new InvalidParameterException(msg, t, status);
        }
        if (lower.contains("not found")
                || lower.contains("no such container")
                || lower.contains("container does not exist")
                || lower.contains("no such process")) {
            return new NotFoundException(msg, t, status);
        }
        if (lower.contains("already paused")
                || lower.contains("not paused")
                || lower.contains("is paused")
                || lower.contains("not running")
                || lower.contains("cannot exec in a")
                || lower.contains("cannot exec a container")
                || lower.contains("already exists")
                || lower.contains("cannot update")
                || lower.contains("container is stopped")
                || lower.contains("process already finished")
                || lower.contains("must be stopped")
                || lower.contains("invalid state")
                || lower.contains("cannot pause")
                || lower.contains("cannot resume")) {
            return new ConflictException(msg, t, status);
        }
        return new SystemException(msg, t, status);
    }

    /** The transport dropped under a call (containerd died mid-request). */
    private static boolean connectionLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClosedChannelException
                    || c instanceof IOException
                            && String.valueOf(c.getMessage()).contains("Connection reset")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        String d = Status.fromThrowable(t).getDescription();
        return d != null && d.equals("channel closed");
    }
}
