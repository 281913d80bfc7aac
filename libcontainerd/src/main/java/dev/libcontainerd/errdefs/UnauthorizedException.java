package dev.libcontainerd.errdefs;

/**
 * Raised when a registry refuses the credentials given (or asks for credentials where none were
 * given). It is an {@link InvalidParameterException}: the caller's credentials are the input at
 * fault, and nothing was written.
 */
public class UnauthorizedException extends InvalidParameterException {
    private static final long serialVersionUID = 1L;

    private final String registry;

    /** Creates the exception for {@code registry} (a host, with its port when it has one). */
    public UnauthorizedException(String registry, String message) {
        super(message);
        this.registry = registry;
    }

    /** The registry host that refused, e.g. {@code 127.0.0.1:5000} or {@code docker.io}. */
    public String registry() {
        return registry;
    }
}
