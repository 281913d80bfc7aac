package dev.libcontainerd.image;

import dev.libcontainerd.errdefs.InvalidParameterException;

/**
 * A user name and secret for one registry, used for basic auth and for the token endpoint of
 * the bearer-token flow.
 *
 * @param username the user name
 * @param secret the password or access token; {@link #toString()} never shows it
 */
public record RegistryCredentials(String username, String secret) {
    /** Checks that both are present. */
    public RegistryCredentials {
        if (username == null || username.isEmpty() || secret == null) {
            throw new InvalidParameterException("registry credentials need a user name and a secret");
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + "]";
    }
}
