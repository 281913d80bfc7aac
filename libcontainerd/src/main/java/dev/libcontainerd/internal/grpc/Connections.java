package dev.libcontainerd.internal.grpc;

import java.util.Objects;
import java.util.function.Function;

/**
 * How the library's own packages reach a {@code Containerd}'s transport, which is not part of
 * the API: {@code Containerd} hands this class its accessor when it is initialised. Typed on
 * {@code Object} so that this package does not depend back on the API package.
 */
public final class Connections {
    private static volatile Function<Object, Connection> access;

    private Connections() {}

    /** Called once, by {@code Containerd}'s static initialiser. */
    public static void install(Function<Object, Connection> accessor) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = accessor;
    }

    /** The transport of {@code containerd} (a {@code dev.libcontainerd.Containerd}). */
    public static Connection of(Object containerd) {
        Objects.requireNonNull(containerd, "containerd");
        return access.apply(containerd); // an instance exists, so its class installed the accessor
    }
}
