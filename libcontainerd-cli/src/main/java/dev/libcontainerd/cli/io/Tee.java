package dev.libcontainerd.cli.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Output to the user that is also logged. A failing log never holds up or breaks what the user
 * sees: its first error ends the logging.
 */
public final class Tee extends OutputStream {
    private final OutputStream out;
    private OutputStream log;

    public Tee(OutputStream out, OutputStream log) {
        this.out = out;
        this.log = log;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (log != null) {
            try {
                log.write(b, off, len);
            } catch (IOException e) {
                log = null;
            }
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
