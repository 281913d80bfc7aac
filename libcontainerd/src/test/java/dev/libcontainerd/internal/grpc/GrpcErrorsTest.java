package dev.libcontainerd.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

    private static Class<?> of(Status s) {
        return GrpcErrors.map("op", s.asRuntimeException()).getClass();
    }

    @Test
    void codesMapToClasses() {
        assertThat(of(Status.NOT_FOUND)).isEqualTo(NotFoundException.class);
        assertThat(ConflictException.class)
                .isAssignableFrom(of(Status.ALREADY_EXISTS)); // a subclass ops can tell apart
        assertThat(of(Status.FAILED_PRECONDITION)).isEqualTo(ConflictException.class);
        assertThat(of(Status.INVALID_ARGUMENT)).isEqualTo(InvalidParameterException.class);
        assertThat(of(Status.UNAVAILABLE)).isEqualTo(UnavailableException.class);
        assertThat(of(Status.DEADLINE_EXCEEDED)).isEqualTo(UnavailableException.class);
        assertThat(of(Status.UNIMPLEMENTED)).isEqualTo(NotImplementedException.class);
        assertThat(of(Status.INTERNAL)).isEqualTo(SystemException.class);
    }

    @Test
    void plainShimErrorsAreClassifiedByTheirWords() {
        assertThat(of(Status.UNKNOWN.withDescription("cannot exec in a stopped state: unknown")))
                .isEqualTo(ConflictException.class);
        assertThat(
                        of(
                                Status.UNKNOWN.withDescription(
                                        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nope\": executable file not found in $PATH")))
                .isEqualTo(InvalidParameterException.class);
        assertThat(
                        of(
                                Status.UNKNOWN.withDescription(
                                        "OCI runtime exec failed: executable file `/no/such/binary` not found in $PATH: No such file or directory: unknown")))
                .as("crun's words for it")
                .isEqualTo(InvalidParameterException.class);
        assertThat(of(Status.UNKNOWN.withDescription("something odd"))).isEqualTo(SystemException.class);
    }

    @Test
    void theStatusIsKept() {
        assertThat(GrpcErrors.map("op", Status.NOT_FOUND.withDescription("x").asRuntimeException())
                        .grpcStatus()
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.map("op", Status.NOT_FOUND.withDescription("x").asRuntimeException()))
                .hasMessage("op: x");
    }
}
