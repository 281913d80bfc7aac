package dev.libcontainerd.cli.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log written by {@link LogWriter} from an offset on, whole lines only: a line still
 * being written is left for the next read. Keeps the file open, so a log removed meanwhile (the
 * container with {@code --rm}) can still be read to its end.
 */
public final class LogReader implements AutoCloseable {
    private final RandomAccessFile file;
    private long offset;

    private LogReader(RandomAccessFile file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Opens {@code log} at its start, or at its current end when {@code fromEnd}. */
    public static LogReader open(Path log, boolean fromEnd) throws IOException {
        RandomAccessFile f = new RandomAccessFile(log.toFile(), "r");
        return new LogReader(f, fromEnd ? f.length() : 0);
    }

    /** The records completed since the last call. */
    public List<LogRecord> next() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        long length = file.length();
        if (length <= offset) {
            return records;
        }
        file.seek(offset);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long pos = offset;
        int n;
        while (pos < length && (n = file.read(buf, 0, (int) Math.min(buf.length, length - pos))) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    byte[] l = line.toByteArray();
                    LogRecord r = LogRecord.parse(l, 0, l.length);
                    if (r != null) {
                        records.add(r);
                    }
                    line.reset();
                    offset = pos + i + 1;
                } else {
                    line.write(buf[i]);
                }
            }
            pos += n;
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
