package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing the host end of a stdin FIFO without losing what was written to it.
 *
 * <p>The shim opens its reader of the FIFO asynchronously, possibly after the process started. A
 * FIFO's buffered bytes live only while some end is open: if the host's last descriptor closed
 * before the shim's reader attached, the bytes and the EOF were lost and the process hung. So the
 * host keeps a write-only descriptor, drops its own read-write placeholder, and closes the writer
 * only once another reader exists — which a non-blocking write-only open tells (ENXIO: none yet).
 * The waiting is a few scheduled probes on the client's timer thread, never a thread per FIFO.
 */
final class StdinHandover {
    private static final Logger log = LoggerFactory.getLogger(StdinHandover.class);
    private static final long FIRST_DELAY_US = 200;
    private static final long MAX_DELAY_US = 50_000;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Path fifo;
    private final FileChannel placeholder;
    private final FileChannel writer;
    private final ScheduledExecutorService timer;

    StdinHandover(Path fifo, FileChannel placeholder, FileChannel writer, ScheduledExecutorService timer) {
        this.fifo = fifo;
        this.placeholder = placeholder;
        this.writer = writer;
        this.timer = timer;
    }

    /** Hands over, then runs {@code then} (the CloseIO), on this thread if the shim is ready. */
    void close(Runnable then) {
        closeQuietly(placeholder);
        attempt(then, FIRST_DELAY_US, System.nanoTime());
    }

    /** The process is gone: nothing to hand over to. */
    void abandon() {
        closeQuietly(placeholder);
        closeQuietly(writer);
    }

    private void attempt(Runnable then, long delayUs, long since) {
        if (!writer.isOpen() || readerPresent() || System.nanoTime() - since > GIVE_UP_NANOS) {
            closeQuietly(writer);
            then.run();
            return;
        }
        try {
            timer.schedule(
                    () -> attempt(then, Math.min(MAX_DELAY_US, delayUs * 2), since), delayUs, TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(writer); // the client closed
        }
    }

    private boolean readerPresent() {
        try {
            int fd = LibC.INSTANCE.open(fifo.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            LibC.INSTANCE.close(fd);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.ENXIO) {
                return false;
            }
            log.debug("probing stdin FIFO {}: errno {}", fifo, e.getErrorCode());
            return true; // removed, say: nobody to wait for
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            log.debug("close: {}", e.toString());
        }
    }
}
