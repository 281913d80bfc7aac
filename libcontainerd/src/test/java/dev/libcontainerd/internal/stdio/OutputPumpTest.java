package dev.libcontainerd.internal.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pump on plain FIFOs in a temp dir (no daemon): every stream gets its own bytes and exactly
 * one EOF after them, also when streams are removed from other threads while the pump reads them
 * and their descriptor numbers are reused at once.
 */
class OutputPumpTest {
    @TempDir
    Path dir;

    private final OutputPump pump = new OutputPump("test-pump");
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private int fifos;

    @AfterEach
    void closePump() {
        pump.close();
    }

    /** A stream expecting bytes that all equal {@code tag}; records anything else. */
    private final class Tagged implements OutputPump.Stream {
        final byte tag;
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger eofs = new AtomicInteger();
        final CountDownLatch ended = new CountDownLatch(1);

        Tagged(int tag) {
            this.tag = (byte) tag;
        }

        @Override
        public void data(ByteBuffer chunk) {
            if (eofs.get() > 0) {
                violations.add("stream " + tag + ": " + chunk.remaining() + " bytes after its EOF");
            }
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b != tag) {
                    violations.add("stream " + tag + ": a byte of stream " + b);
                    return;
                }
                bytes.incrementAndGet();
            }
        }

        @Override
        public void eof() {
            if (eofs.incrementAndGet() > 1) {
                violations.add("stream " + tag + ": a second EOF");
            }
            ended.countDown();
        }
    }

    private Path fifo() {
        Path p = dir.resolve("f" + fifos++);
        LibC.INSTANCE.mkfifo(p.toString(), 0600);
        return p;
    }

    private static int openReader(Path fifo) {
        return LibC.INSTANCE.open(fifo.toString(), LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
    }

    private static void write(OutputStream out, int tag, int count) throws IOException {
        byte[] block = new byte[4096];
        Arrays.fill(block, (byte) tag);
        for (int left = count; left > 0; left -= block.length) {
            out.write(block, 0, Math.min(left, block.length));
        }
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "test-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void manyStreamsEachGetTheirBytesThenOneEof() throws Exception {
        int n = 100;
        int size = 200_000;
        List<Tagged> streams = new ArrayList<>();
        List<FileOutputStream> writers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = fifo();
            int fd = openReader(p);
            writers.add(new FileOutputStream(p.toFile())); // a reader exists: no block
            Tagged s = new Tagged(i);
            streams.add(s);
            pump.add(fd, s);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            threads.add(started(() -> {
                for (int i = first; i < n; i += 4) {
                    try (FileOutputStream w = writers.get(i)) {
                        write(w, i, size);
                    } catch (IOException e) {
                        violations.add("writer " + i + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Tagged s : streams) {
            assertThat(s.ended.await(10, TimeUnit.SECONDS))
                    .as("stream %d ended", s.tag)
                    .isTrue();
            assertThat(s.bytes.get()).as("bytes of stream %d", s.tag).isEqualTo(size);
        }
        assertThat(violations).isEmpty();
    }

    /**
     * The defect scenario 7 of the bench pointed at: a stream removed from another thread while
     * the pump is inside its read loop, and the freed descriptor number taken at once by the next
     * process's blocking read-write placeholder. The pump must neither read the new FIFO into the
     * finished stream nor block in that placeholder (which would also hold the new FIFO's EOF back).
     */
    @Test
    void removingWhileThePumpReadsNeverReadsAReusedDescriptor() throws Exception {
        for (int round = 0; round < 200 && violations.isEmpty(); round++) {
            Path a = fifo();
            int fdA = openReader(a);
            FileOutputStream writerA = new FileOutputStream(a.toFile());
            Tagged sa = new Tagged(1);
            pump.add(fdA, sa);
            CountDownLatch flowing = new CountDownLatch(1);
            Thread feeder = started(() -> {
                byte[] block = new byte[65536];
                Arrays.fill(block, (byte) 1);
                try (writerA) {
                    for (; ; ) {
                        writerA.write(block);
                        flowing.countDown();
                    }
                } catch (IOException e) {
                    // the reader is gone: broken pipe ends the feeder
                }
            });
            assertThat(flowing.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sa.bytes.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sa.bytes.get()).as("round %d: the pump reads A", round).isPositive();
            pump.remove(fdA, sa);
            // the lowest free number: fdA's, unless the pump still holds it
            Path b = fifo();
            int holdB = LibC.INSTANCE.open(b.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
            int fdB = openReader(b);
            Tagged sb = new Tagged(2);
            pump.add(fdB, sb);
            try (FileOutputStream writerB = new FileOutputStream(b.toFile())) {
                write(writerB, 2, 100_000);
            }
            OutputPump.closeFd(holdB);
            assertThat(sb.ended.await(10, TimeUnit.SECONDS))
                    .as("round %d: the new FIFO's stream ended (A's fd %d, B's hold %d)", round, fdA, holdB)
                    .isTrue();
            assertThat(sb.bytes.get())
                    .as("round %d: bytes of the new stream", round)
                    .isEqualTo(100_000);
            assertThat(sa.eofs.get()).isEqualTo(1);
            feeder.join(10_000);
            assertThat(feeder.isAlive()).isFalse();
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void aSinkMayRemoveItsOwnStream() throws Exception {
        Path p = fifo();
        int fd = openReader(p);
        AtomicInteger chunks = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger eofs = new AtomicInteger();
        OutputPump.Stream s = new OutputPump.Stream() {
            @Override
            public void data(ByteBuffer chunk) {
                chunks.incrementAndGet();
                pump.remove(fd, this);
            }

            @Override
            public void eof() {
                eofs.incrementAndGet();
                ended.countDown();
            }
        };
        pump.add(fd, s);
        try (FileOutputStream w = new FileOutputStream(p.toFile())) {
            write(w, 7, 4096);
        } catch (IOException e) {
            // the reader may be gone before the last write
        }
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(chunks.get()).isEqualTo(1);
        assertThat(eofs.get()).isEqualTo(1);
    }

    @Test
    void closingThePumpEndsEveryStreamAndRefusesNewOnes() throws Exception {
        List<Tagged> streams = new ArrayList<>();
        List<Integer> holds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path p = fifo();
            holds.add(LibC.INSTANCE.open(p.toString(), LibC.O_RDWR | LibC.O_CLOEXEC)); // no EOF from the FIFO
            Tagged s = new Tagged(i);
            streams.add(s);
            pump.add(openReader(p), s);
        }
        pump.close();
        for (Tagged s : streams) {
            assertThat(s.ended.await(10, TimeUnit.SECONDS)).isTrue();
        }
        holds.forEach(OutputPump::closeFd);
        Tagged late = new Tagged(9);
        pump.add(openReader(fifo()), late);
        assertThat(late.eofs.get()).isEqualTo(1);
        assertThat(violations).isEmpty();
    }
}
