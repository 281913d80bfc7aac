package dev.libcontainerd.testing;

import dev.libcontainerd.DirectIO;
import dev.libcontainerd.StdioCallback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A stdio callback that copies stdout and stderr to memory until EOF. */
public class Capture implements StdioCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Void> outDone = new CompletableFuture<>();
    private final CompletableFuture<Void> errDone = new CompletableFuture<>();
    private volatile DirectIO io;

    @Override
    public void attach(DirectIO io) {
        this.io = io;
        copy(io.stdout(), out, outDone, "stdout");
        if (io.stderr() != null) {
            copy(io.stderr(), err, errDone, "stderr");
        } else {
            errDone.complete(null);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, CompletableFuture<Void> done, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[32 * 1024];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            synchronized (to) {
                                to.write(buf, 0, n);
                            }
                        }
                        done.complete(null);
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                },
                "capture-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The stdin stream handed to the callback (null without stdin). */
    public OutputStream stdin() {
        return io.stdin();
    }

    /** The io handed to the callback. */
    public DirectIO io() {
        return io;
    }

    /** Waits for EOF on both streams (10 s). */
    public Capture awaitEof() {
        try {
            CompletableFuture.allOf(outDone, errDone).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stdio did not reach EOF: " + e, e);
        }
        return this;
    }

    /** Whether both streams reached EOF. */
    public boolean eof() {
        return outDone.isDone() && errDone.isDone();
    }

    /** Bytes read from stdout so far. */
    public byte[] outBytes() {
        synchronized (out) {
            return out.toByteArray();
        }
    }

    /** stdout so far as UTF-8. */
    public String out() {
        return new String(outBytes(), StandardCharsets.UTF_8);
    }

    /** stderr so far as UTF-8. */
    public String err() {
        synchronized (err) {
            return new String(err.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
