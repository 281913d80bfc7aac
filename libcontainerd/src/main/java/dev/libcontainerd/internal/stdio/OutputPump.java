package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads output FIFOs for {@link SinkIO}s from one thread, however many processes: an epoll loop
 * over non-blocking read ends. The thread starts with the first stream and ends when the client
 * closes or no stream is left for a while.
 */
public final class OutputPump implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);
    private static final int MAX_EVENTS = 64;
    private static final int WAIT_MS = 200;
    private static final long IDLE_NANOS = 5_000_000_000L;

    /** One registered read end. */
    interface Stream {
        /** Called on the pump thread with bytes read; the buffer is valid only during the call. */
        void data(ByteBuffer chunk);

        /** EOF, or the stream was dropped; called once. */
        void eof();
    }

    private final String threadName;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private int epfd = -1;
    private Thread thread;
    private volatile boolean closed;

    public OutputPump(String threadName) {
        this.threadName = threadName;
    }

    /** Starts reading {@code fd} (non-blocking, owned by the pump from now on) into {@code s}. */
    synchronized void add(int fd, Stream s) {
        if (closed) {
            closeFd(fd);
            s.eof();
            return;
        }
        if (epfd < 0) {
            epfd = LibC.INSTANCE.epoll_create1(LibC.EPOLL_CLOEXEC);
        }
        streams.put(fd, s);
        Memory ev = new Memory(LibC.EPOLL_EVENT_SIZE);
        ev.setInt(0, LibC.EPOLLIN);
        ev.setLong(4, fd);
        LibC.INSTANCE.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, fd, ev);
        if (thread == null) {
            thread = new Thread(this::loop, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops reading {@code fd} and closes it, if it still belongs to {@code s}: a descriptor the
     * pump closed at EOF may already be reused by another stream.
     */
    void remove(int fd, Stream s) {
        if (streams.remove(fd, s)) {
            drop(fd);
            s.eof();
        }
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
                drain(fd, buf);
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

    /** Reads what {@code fd} has now; EOF (or an error) drops it. */
    private void drain(int fd, ByteBuffer buf) {
        Stream s = streams.get(fd);
        if (s == null) {
            return;
        }
        for (; ; ) {
            buf.clear();
            long r;
            try {
                r = LibC.INSTANCE.read(fd, buf, buf.capacity());
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN) {
                    return;
                }
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                r = 0; // a read error ends the stream like EOF
            }
            if (r <= 0) {
                remove(fd, s);
                return;
            }
            buf.limit((int) r);
            try {
                s.data(buf);
            } catch (RuntimeException e) {
                log.error("output sink failed; dropping the rest of its stream", e);
                remove(fd, s);
                return;
            }
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
        closed = true;
        streams.forEach(this::remove);
    }
}
