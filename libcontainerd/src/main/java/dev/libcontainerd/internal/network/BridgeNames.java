package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.regex.Pattern;

/** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/', ':' or white space. */
public final class BridgeNames {
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$");

    private BridgeNames() {}

    /** Returns {@code name} if valid, else throws {@link InvalidParameterException}. */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new InvalidParameterException(
                    "invalid bridge name \"" + name + "\": use at most 15 letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
