package dev.libcontainerd.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import org.jline.utils.NonBlockingInputStream;

/** A daemon thread copying one stream to another as bytes arrive. */
public final class Pump {
    private Pump() {}

    /**
     * Copies {@code in} to {@code out}, flushing after every read, until {@code in} ends or
     * {@code stopped} says so; then closes {@code out} when {@code closeOut}.
     */
    public static Thread start(
            String name, InputStream in, OutputStream out, boolean closeOut, BooleanSupplier stopped) {
        Thread t = new Thread(() -> copy(in, out, closeOut, stopped), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copy(InputStream in, OutputStream out, boolean closeOut, BooleanSupplier stopped) {
        byte[] buf = new byte[8192];
        try {
            while (!stopped.getAsBoolean()) {
                if (in instanceof NonBlockingInputStream nb) {
                    // a terminal: poll, so that the thread ends when the process does
                    int c = nb.read(100L);
                    if (c == NonBlockingInputStream.READ_EXPIRED) {
                        continue;
                    }
                    if (c < 0) {
                        break;
                    }
                    out.write(c);
                    int more = Math.min(nb.available(), buf.length);
                    if (more > 0) {
                        int n = nb.read(buf, 0, more);
                        if (n > 0) {
                            out.write(buf, 0, n);
                        }
                    }
                } else {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away: nothing left to copy
        } finally {
            if (closeOut) {
                try {
                    out.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
