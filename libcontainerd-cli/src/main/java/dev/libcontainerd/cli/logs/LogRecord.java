package dev.libcontainerd.cli.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * One line of a log written by {@link LogWriter}.
 *
 * @param time when the bytes were read
 * @param stderr whether they came on stderr (else stdout)
 * @param complete whether a newline ended them (not part of {@code bytes})
 * @param bytes the output itself
 */
public record LogRecord(Instant time, boolean stderr, boolean complete, byte[] bytes) {
    /** Parses one line (without its newline); null if it is not a record (a torn write, say). */
    static LogRecord parse(byte[] line, int off, int len) {
        int s1 = indexOf(line, off, off + len, (byte) ' ');
        if (s1 < 0) {
            return null;
        }
        int s2 = indexOf(line, s1 + 1, off + len, (byte) ' ');
        if (s2 < 0 || s2 + 2 > off + len) {
            return null;
        }
        try {
            Instant time = Instant.parse(new String(line, off, s1 - off, StandardCharsets.US_ASCII));
            String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
            byte flag = line[s2 + 1];
            if (!(stream.equals("stdout") || stream.equals("stderr")) || (flag != 'F' && flag != 'P')) {
                return null;
            }
            int content = Math.min(s2 + 3, off + len);
            return new LogRecord(
                    time, stream.equals("stderr"), flag == 'F', Arrays.copyOfRange(line, content, off + len));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The bytes as the process wrote them: with their newline when there was one. */
    public byte[] output() {
        if (!complete) {
            return bytes;
        }
        byte[] b = Arrays.copyOf(bytes, bytes.length + 1);
        b[bytes.length] = '\n';
        return b;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
