package dev.libcontainerd.internal.stdio;

import dev.libcontainerd.DirectIO;
import dev.libcontainerd.errdefs.SystemException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host ends of one process's FIFOs, opened without blocking and without a thread.
 *
 * <p>A FIFO's {@code open} blocks until the other end is open, and the shim opens its writers
 * only inside the create/exec-start request, so the reader must exist first. Each output FIFO is
 * therefore opened read-write (never blocks) as a placeholder writer, then read-only (returns at
 * once since a writer exists). Once the shim holds its own writer, {@link #releasePlaceholders()}
 * closes the placeholders: from then on EOF means the shim closed its end, after the last byte.
 *
 * <p>Closing {@link #stdin()} waits until the process has started ({@link #openStdinGate}), hands
 * the FIFO over to the shim's reader ({@link StdinHandover}), closes the host writer and then asks
 * containerd to close the shim's copy (CloseIO): the shim keeps a writer of its own, so the
 * process sees EOF only then (moby#37870).
 */
public final class FifoIO implements DirectIO, ProcessIo {
    private static final Logger log = LoggerFactory.getLogger(FifoIO.class);

    private final FifoSet fifos;
    private final StdinStream stdin; // null without stdin
    private final FifoInputStream stdout;
    private final FifoInputStream stderr;
    private FileChannel stdoutPlaceholder;
    private FileChannel stderrPlaceholder;
    private final CompletableFuture<Consumer<String>> stdinGate = new CompletableFuture<>();
    private final String processId;

    private FifoIO(
            FifoSet fifos,
            String processId,
            FileChannel stdin,
            StdinHandover handover,
            FifoInputStream stdout,
            FifoInputStream stderr,
            FileChannel stdoutPlaceholder,
            FileChannel stderrPlaceholder) {
        this.fifos = fifos;
        this.processId = processId;
        this.stdin = stdin == null ? null : new StdinStream(stdin, handover);
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdoutPlaceholder = stdoutPlaceholder;
        this.stderrPlaceholder = stderrPlaceholder;
    }

    /**
     * Opens the host ends of existing FIFOs. Never blocks.
     *
     * @param processId the id the stdin close is reported for
     * @param timer where the stdin hand-over waits for the shim's reader
     */
    public static FifoIO open(FifoSet fifos, String processId, ScheduledExecutorService timer) {
        FileChannel inHold = null;
        FileChannel in = null;
        FileChannel outHold = null;
        FileChannel out = null;
        FileChannel errHold = null;
        FileChannel err = null;
        try {
            if (fifos.stdin() != null) {
                // read-write first so that the write-only open finds a reader and does not block
                inHold = FileChannel.open(fifos.stdin(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                in = FileChannel.open(fifos.stdin(), StandardOpenOption.WRITE);
            }
            outHold = FileChannel.open(fifos.stdout(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            out = FileChannel.open(fifos.stdout(), StandardOpenOption.READ);
            if (fifos.stderr() != null) {
                errHold = FileChannel.open(fifos.stderr(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                err = FileChannel.open(fifos.stderr(), StandardOpenOption.READ);
            }
        } catch (IOException e) {
            closeQuietly(inHold, in, outHold, out, errHold, err);
            throw new SystemException("open stdio fifos of " + processId + ": " + e.getMessage(), e);
        }
        StdinHandover handover = in == null ? null : new StdinHandover(fifos.stdin(), inHold, in, timer);
        return new FifoIO(
                fifos,
                processId,
                in,
                handover,
                new FifoInputStream(out),
                err == null ? null : new FifoInputStream(err),
                outHold,
                errHold);
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public boolean terminal() {
        return fifos.terminal();
    }

    /** Closes the placeholder writers once the shim holds its own (after create/exec-start). */
    @Override
    public synchronized void releasePlaceholders() {
        closeQuietly(stdoutPlaceholder, stderrPlaceholder);
        stdoutPlaceholder = null;
        stderrPlaceholder = null;
    }

    /**
     * Marks the process as started: a stdin close, earlier or later, now reaches containerd
     * through {@code closeIo} (called with the process id).
     */
    @Override
    public void openStdinGate(Consumer<String> closeIo) {
        stdinGate.complete(closeIo);
    }

    /** The process will never start: a stdin close only closes the host writer. */
    public void abortStdinGate() {
        stdinGate.completeExceptionally(new IllegalStateException("process did not start"));
    }

    /**
     * The process is gone: closes the writers this side holds (stdin, placeholders) and leaves
     * the readers to drain to EOF, which releases them.
     */
    @Override
    public void closeWriters() {
        abortStdinGate();
        releasePlaceholders();
        if (stdin != null) {
            stdin.closeChannel();
        }
    }

    /**
     * Closes stdin as the user's {@code stdin().close()} does: the host writer, then CloseIO
     * once the process has started. Returns false when the process has no stdin.
     */
    @Override
    public boolean closeStdin() {
        if (stdin == null) {
            return false;
        }
        stdin.close();
        return true;
    }

    /** Whether the user has read both output streams to EOF (they then hold no descriptor). */
    @Override
    public boolean drained() {
        return stdout.isClosed() && (stderr == null || stderr.isClosed());
    }

    /** Closes every descriptor, readers included. */
    @Override
    public void close() {
        closeWriters();
        try {
            stdout.close();
            if (stderr != null) {
                stderr.close();
            }
        } catch (IOException e) {
            log.debug("closing stdio of {}: {}", processId, e.toString());
        }
    }

    private static void closeQuietly(Closeable... cs) {
        for (Closeable c : cs) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    log.debug("close: {}", e.toString());
                }
            }
        }
    }

    /** The caller's stdin: writes go to the FIFO; close reaches the process once it started. */
    private final class StdinStream extends OutputStream {
        private final FileChannel channel;
        private final StdinHandover handover;
        private boolean closed;

        StdinStream(FileChannel channel, StdinHandover handover) {
            this.channel = channel;
            this.handover = handover;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            // Not before the process started: until the shim has the FIFO open, our descriptor
            // is all that keeps the written bytes in the pipe, and closing it would drop them.
            stdinGate.whenComplete((closeIo, notStarted) -> {
                if (closeIo == null) {
                    handover.abandon();
                } else {
                    handover.close(() -> closeIo.accept(processId));
                }
            });
        }

        void closeChannel() {
            handover.abandon();
        }
    }
}
