package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Container and exec ids: containerd's identifier rule, and fresh random ones. */
final class Ids {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A fresh 12-hex-digit id, like Docker's short ids. */
    static String random() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code id} if it is a valid containerd identifier; checked before anything is mounted. */
    static String check(String id) {
        if (id.length() > 76 || !VALID.matcher(id).matches()) {
            throw new CliException("invalid container name '" + id + "': use letters and digits, "
                    + "separated by single '.', '_' or '-' (at most 76 characters)");
        }
        return id;
    }
}
