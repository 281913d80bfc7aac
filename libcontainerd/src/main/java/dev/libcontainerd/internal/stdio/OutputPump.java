package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.libcontainerd.errdefs.SystemException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads output FIFOs for {@link SinkIO}s from one thread, however many processes: an epoll loop
 * over non-blocking read ends. The thread starts with the first stream and ends when the client
 * closes or no stream is left for a while.
 *
 * <p>A stream may be removed from any thread while the pump reads it. Its descriptor is closed
 * only under the stream's own lock, which the pump holds from looking the stream up until its
 * read and delivery are done: closed any earlier, the number could be reused (by the next
 * process's FIFO, even by a blocking placeholder) and the pump would read someone else's bytes
 * into a finished stream, or hang in a blocking read.
 */
public final class OutputPump implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);
    private static final int MAX_EVENTS = 64;
    private static final int WAIT_MS = 200;
    private static final long IDLE_NANOS = 5_000_000_000L;
    private static final int READS_PER_TURN = 16;

    /** One registered read end. */
    interface Stream {
        /** Called on the pump thread with bytes read; the buffer is valid only during the call. */
        void data(ByteBuffer chunk);

        /** EOF, or the stream was dropped; called once, after the last {@link #data}. */
        void eof();
    }

    /** A descriptor and its stream; {@code done} (guarded by the instance) once it is closed. */
    private static final class Registration {
        final int fd;
        final Stream stream;
        boolean done;

        Registration(int fd, Stream stream) {
            this.fd = fd;
            this.stream = stream;
        }
    }

    private final String threadName;
    private final Map<Integer, Registration> streams = new ConcurrentHashMap<>();
    private int epfd = -1;
    private Thread thread;
    private volatile boolean closed;

    public OutputPump(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Starts reading {@code fd} (non-blocking, owned by the pump from now on) into {@code s}.
     *
     * @throws SystemException if epoll refuses it (the descriptor is closed then)
     */
    synchronized void add(int fd, Stream s) {
        if (closed) {
            closeFd(fd);
            s.eof();
            return;
        }
        try {
            if (epfd < 0) {
                epfd = LibC.INSTANCE.epoll_create1(LibC.EPOLL_CLOEXEC);
            }
            Registration r = new Registration(fd, s);
            streams.put(fd, r);
            Memory ev = new Memory(LibC.EPOLL_EVENT_SIZE);
            ev.setInt(0, LibC.EPOLLIN);
            ev.setLong(4, fd);
            try {
                LibC.INSTANCE.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, fd, ev);
            } catch (LastErrorException e) {
                streams.remove(fd, r);
                throw e;
            }
        } catch (LastErrorException e) {
            closeFd(fd);
            throw new SystemException("watch an output FIFO: errno " + e.getErrorCode(), e);
        }
        if (thread == null) {
            thread = new Thread(this::loop, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops reading {@code fd} and closes it, if it still belongs to {@code s} (a descriptor the
     * pump closed at EOF may already be reused by another stream). Waits for a delivery to
     * {@code s} in progress on the pump thread; {@code s} gets nothing but its EOF after this.
     */
    void remove(int fd, Stream s) {
        Registration r = streams.get(fd);
        if (r != null && r.stream == s) {
            finish(r);
        }
    }

    /** Closes {@code r}'s descriptor and tells its stream EOF, once. */
    private void finish(Registration r) {
        synchronized (r) {
            if (r.done) {
                return;
            }
            r.done = true;
            streams.remove(r.fd, r);
            drop(r.fd);
        }
        r.stream.eof();
    }

    private void loop() {
        Memory events = new Memory((long) MAX_EVENTS * LibC.EPOLL_EVENT_SIZE);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long idleSince = System.nanoTime();
        while (!closed) {
            int n;
            try {
                n = LibC.INSTANCE.epoll_wait(epfd, events, MAX_EVENTS, WAIT_MS);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                log.error("output pump stopped: epoll_wait errno {}", e.getErrorCode());
                break;
            }
            for (int i = 0; i < n; i++) {
                int fd = (int) events.getLong((long) i * LibC.EPOLL_EVENT_SIZE + 4);
                Registration r = streams.get(fd);
                if (r != null && drain(r, buf)) {
                    finish(r);
                }
            }
            if (streams.isEmpty()) {
                if (System.nanoTime() - idleSince > IDLE_NANOS && stopIfIdle()) {
                    return;
                }
            } else {
                idleSince = System.nanoTime();
            }
        }
        stopIfIdle();
    }

    /**
     * Reads what {@code r}'s descriptor has now, at most {@link #READS_PER_TURN} buffers (epoll is
     * level-triggered: the rest comes on the next turn, so one busy stream neither starves the
     * others nor keeps a remover waiting long); true when the stream ended (EOF, an error).
     */
    private boolean drain(Registration r, ByteBuffer buf) {
        synchronized (r) {
            for (int reads = 0; reads < READS_PER_TURN; reads++) {
                if (r.done) {
                    return false; // removed meanwhile (perhaps by the sink itself)
                }
                buf.clear();
                long n;
                try {
                    n = LibC.INSTANCE.read(r.fd, buf, buf.capacity());
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EAGAIN) {
                        return false;
                    }
                    if (e.getErrorCode() == LibC.EINTR) {
                        continue;
                    }
                    log.debug("read {}: errno {}", r.fd, e.getErrorCode());
                    return true; // a read error ends the stream like EOF
                }
                if (n <= 0) {
                    return true;
                }
                buf.limit((int) n);
                try {
                    r.stream.data(buf);
                } catch (RuntimeException e) {
                    log.error("output sink failed; dropping the rest of its stream", e);
                    return true;
                }
            }
            return false;
        }
    }

    private synchronized boolean stopIfIdle() {
        if (!streams.isEmpty() && !closed) {
            return false;
        }
        thread = null;
        if (epfd >= 0) {
            closeFd(epfd);
            epfd = -1;
        }
        return true;
    }

    private void drop(int fd) {
        synchronized (this) {
            if (epfd >= 0) {
                try {
                    LibC.INSTANCE.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, null);
                } catch (LastErrorException e) {
                    log.debug("epoll_ctl DEL {}: errno {}", fd, e.getErrorCode());
                }
            }
        }
        closeFd(fd);
    }

    static void closeFd(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            log.debug("close {}: errno {}", fd, e.getErrorCode());
        }
    }

    /** Stops the thread; every stream still open is closed and told EOF. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true; // an add from now on closes its descriptor at once
        }
        // not under the pump's lock: finish takes a stream's lock, then the pump's (in drop)
        streams.values().forEach(this::finish);
    }
}
