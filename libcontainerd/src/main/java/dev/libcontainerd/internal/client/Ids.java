package dev.libcontainerd.internal.client;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.regex.Pattern;

/**
 * containerd's identifier rule. Ids become paths under the state dir, so anything that could
 * climb out of it ({@code ../x}, {@code a/b}) or is empty is refused before any file or RPC.
 */
public final class Ids {
    /** containerd's maximum identifier length. */
    public static final int MAX_LENGTH = 76;

    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$");

    private Ids() {}

    /** Returns {@code id} if valid, else throws {@link InvalidParameterException}. */
    public static String check(String what, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidParameterException(what + " must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new InvalidParameterException(
                    what + " \"" + id.substring(0, 20) + "…\" is longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(id).matches()) {
            throw new InvalidParameterException(what + " \"" + id
                    + "\" is not a valid identifier: use letters and digits separated by single '.', '_' or '-'");
        }
        return id;
    }
}
