package dev.libcontainerd.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Locale;

/** A transport protocol a port can be published for. */
public enum Protocol {
    TCP,
    UDP;

    /** The name CNI's portmap plugin and port specs use: {@code tcp} or {@code udp}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The protocol named {@code value}, in any case.
     *
     * @throws InvalidParameterException if it is neither {@code tcp} nor {@code udp}
     */
    public static Protocol of(String value) {
        if (value != null) {
            for (Protocol p : values()) {
                if (p.value().equalsIgnoreCase(value)) {
                    return p;
                }
            }
        }
        throw new InvalidParameterException("unknown protocol \"" + value + "\": use tcp or udp");
    }
}
