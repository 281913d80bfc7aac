package dev.libcontainerd.cli.logs;

import dev.libcontainerd.cli.CliException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's {@code --since} values: an RFC 3339 time ({@code 2026-11-30T17:50:17Z}, with or
 * without fractions or offset; without an offset it is local time), a date, a Unix timestamp
 * ({@code 1764524417.5}), or a Go duration back from now ({@code 10m}, {@code 1h30m}, {@code 2.5s}).
 */
public final class Since {
    private static final Pattern DURATION = Pattern.compile("((?:\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

    private Since() {}

    /** The instant {@code value} names, durations counted back from {@code now}. */
    public static Instant parse(String value, Instant now) {
        String v = value.trim();
        if (DURATION.matcher(v).matches()) {
            return now.minusNanos(nanos(v));
        }
        if (UNIX.matcher(v).matches()) {
            BigDecimal s = new BigDecimal(v);
            return Instant.ofEpochSecond(
                    s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset: local time, as docker reads it
        }
        try {
            return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // a date alone?
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliException("invalid value for --since: '" + value
                    + "' (an RFC 3339 time such as 2026-11-30T17:50:17Z, a Unix timestamp, or a duration such as 10m)");
        }
    }

    private static long nanos(String v) {
        Matcher m = PART.matcher(v);
        BigDecimal total = BigDecimal.ZERO;
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return total.longValue();
    }
}
