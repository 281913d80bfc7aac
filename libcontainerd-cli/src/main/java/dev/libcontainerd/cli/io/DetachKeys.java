package dev.libcontainerd.cli.io;

import dev.libcontainerd.cli.CliException;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * docker's detach keys ({@code ctrl-p,ctrl-q} by default): a comma-separated key sequence, each
 * key a single character or {@code ctrl-X} (X one of {@code a-z @ [ \ ] ^ _}). {@link #scan}
 * passes the bytes typed through, holding back a partial match, and says when the whole
 * sequence was typed.
 */
public final class DetachKeys {
    /** docker's default. */
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private final byte[] sequence;
    private int matched;

    private DetachKeys(byte[] sequence) {
        this.sequence = sequence;
    }

    /** Parses {@code spec}; an empty one turns detaching off. */
    public static DetachKeys parse(String spec) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!spec.isEmpty()) {
            for (String key : spec.split(",", -1)) {
                b.write(key(key));
            }
        }
        return new DetachKeys(b.toByteArray());
    }

    private static int key(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (key.length() == 1) {
            return key.charAt(0);
        }
        if (k.startsWith("ctrl-") && k.length() == 6) {
            char c = k.charAt(5);
            if ((c >= 'a' && c <= 'z') || "@[\\]^_".indexOf(c) >= 0) {
                return Character.toUpperCase(c) & 0x1f;
            }
        }
        throw new CliException("invalid detach keys '" + key + "': use a character or ctrl-<value> (ctrl-a … ctrl-z, "
                + "ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_)");
    }

    /**
     * Feeds typed bytes; what is to be forwarded goes to {@code forward}.
     *
     * @return whether the detach sequence is complete (the bytes after it are dropped)
     */
    public boolean scan(byte[] buf, int off, int len, ByteArrayOutputStream forward) {
        if (sequence.length == 0) {
            forward.write(buf, off, len);
            return false;
        }
        for (int i = off; i < off + len; i++) {
            byte c = buf[i];
            if (c == sequence[matched]) {
                matched++;
                if (matched == sequence.length) {
                    matched = 0;
                    return true;
                }
                continue;
            }
            if (matched > 0) {
                // not the sequence after all: what was held back is input
                forward.write(sequence, 0, matched);
                matched = 0;
                if (c == sequence[0]) {
                    matched = 1;
                    continue;
                }
            }
            forward.write(c);
        }
        return false;
    }
}
