package dev.libcontainerd.cli.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Appends a container's output to its log in the CRI (kubelet) line format, one record per
 * line: {@code <RFC 3339 time> <stdout|stderr> <F|P> <bytes>}. {@code F} means the bytes ended
 * with a newline (which is not stored), {@code P} a partial line whose rest follows in later
 * records. So the two streams stay apart, each line keeps the time it was read (for {@code
 * --since}), and the exact bytes come back out. Shared by the process's output pumps: every
 * record is one locked append.
 */
public final class LogWriter implements AutoCloseable {
    private final OutputStream file;
    private final Clock clock;

    private LogWriter(OutputStream file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens {@code log} for appending, creating it and its directory. */
    public static LogWriter open(Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return new LogWriter(
                Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND), Clock.systemUTC());
    }

    /** An output stream whose bytes become records of {@code stream} ("stdout" or "stderr"). */
    public OutputStream stream(String stream) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(stream, b, off, len);
            }
        };
    }

    /** Appends what one read returned: one record per line, a trailing partial line as {@code P}. */
    synchronized void append(String stream, byte[] b, int off, int len) throws IOException {
        String time = DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock));
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                record(time, stream, 'F', b, start, i - start);
                start = i + 1;
            }
        }
        if (start < end) {
            record(time, stream, 'P', b, start, end - start);
        }
        file.flush();
    }

    private void record(String time, String stream, char flag, byte[] b, int off, int len) throws IOException {
        file.write((time + " " + stream + " " + flag + " ").getBytes(StandardCharsets.US_ASCII));
        file.write(b, off, len);
        file.write('\n');
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
