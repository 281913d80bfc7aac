package dev.libcontainerd.cli.spec;

import dev.libcontainerd.cli.CliException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them ({@code 512k}, {@code 64m}, {@code 1.5g}) and print them. */
public final class Sizes {
    private Sizes() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    /** Parses a size with an optional b/k/m/g/t suffix (powers of 1024), as Docker does. */
    public static long parse(String s) {
        Matcher m = SIZE.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException("invalid size: '" + s + "' (use e.g. 64m, 1g)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    /** A size for people: {@code 1.5MiB}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", v, units[i]);
    }
}
