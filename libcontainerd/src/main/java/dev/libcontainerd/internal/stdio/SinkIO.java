package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import dev.libcontainerd.OutputSink;
import dev.libcontainerd.errdefs.SystemException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A process's output read into an {@link OutputSink} by the client's {@link OutputPump}. As with
 * {@link FifoIO}, a read-write placeholder on each FIFO lets the read end open without blocking
 * and keeps EOF away until the shim holds its writer.
 */
public final class SinkIO implements ProcessIo {
    private final OutputPump pump;
    private final int[] readers;
    private final OutputPump.Stream[] streams;
    private int[] placeholders;
    private final AtomicInteger open;

    private SinkIO(OutputPump pump, int[] readers, int[] placeholders) {
        this.pump = pump;
        this.readers = readers;
        this.streams = new OutputPump.Stream[readers.length];
        this.placeholders = placeholders;
        this.open = new AtomicInteger(readers.length);
    }

    /** Opens the FIFOs' read ends and hands them to {@code pump}. Never blocks. */
    public static SinkIO open(FifoSet fifos, OutputSink sink, OutputPump pump) {
        boolean withErr = fifos.stderr() != null;
        int[] holds = new int[withErr ? 2 : 1];
        int[] reads = new int[holds.length];
        int made = 0;
        try {
            holds[0] = LibC.INSTANCE.open(fifos.stdout().toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
            made++;
            reads[0] = LibC.INSTANCE.open(fifos.stdout().toString(), LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            made++;
            if (withErr) {
                holds[1] = LibC.INSTANCE.open(fifos.stderr().toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
                made++;
                reads[1] =
                        LibC.INSTANCE.open(fifos.stderr().toString(), LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
                made++;
            }
        } catch (LastErrorException e) {
            int[] all = {holds[0], reads[0], withErr ? holds[1] : -1, withErr ? reads[1] : -1};
            for (int i = 0; i < made; i++) {
                OutputPump.closeFd(all[i]);
            }
            throw new SystemException("open output FIFOs: errno " + e.getErrorCode(), e);
        }
        SinkIO io = new SinkIO(pump, reads, holds);
        try {
            io.register(0, sink::stdout, sink);
            if (withErr) {
                io.register(1, sink::stderr, sink);
            }
        } catch (RuntimeException e) {
            io.close(); // the pump closed the descriptor it refused
            throw e;
        }
        return io;
    }

    private void register(int i, Consumer<ByteBuffer> target, OutputSink sink) {
        streams[i] = new OutputPump.Stream() {
            @Override
            public void data(ByteBuffer chunk) {
                target.accept(chunk);
            }

            @Override
            public void eof() {
                if (open.decrementAndGet() == 0) {
                    sink.closed();
                }
            }
        };
        pump.add(readers[i], streams[i]);
    }

    @Override
    public synchronized void releasePlaceholders() {
        if (placeholders != null) {
            for (int fd : placeholders) {
                OutputPump.closeFd(fd);
            }
            placeholders = null;
        }
    }

    @Override
    public void openStdinGate(Consumer<String> closeIo) {
        // no stdin
    }

    @Override
    public void closeWriters() {
        releasePlaceholders();
    }

    @Override
    public boolean closeStdin() {
        return false;
    }

    @Override
    public boolean drained() {
        return open.get() == 0;
    }

    @Override
    public void close() {
        releasePlaceholders();
        for (int i = 0; i < readers.length; i++) {
            pump.remove(readers[i], streams[i]);
        }
    }
}
