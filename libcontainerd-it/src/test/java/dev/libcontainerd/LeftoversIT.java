package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, defect 6: a failed start left an empty {@code stateDir/<id>/}; a stdio callback's
 * RuntimeException came back unwrapped while an IOException became SystemException; the event
 * worker pool had no upper bound.
 */
class LeftoversIT extends ClientTestBase {
    /** The most event worker threads one client may have, whatever its backend does. */
    private static final int MAX_EVENT_WORKERS = 16;

    private static StdioCallback throwing(Exception e) {
        return io -> {
            if (e instanceof IOException x) {
                throw x;
            }
            throw (RuntimeException) e;
        };
    }

    static Stream<Exception> callbackFailures() {
        return Stream.of(new IllegalStateException("callback broke"), new IOException("callback broke"));
    }

    @Test
    void aFailedStartLeavesNoStateDirectory() {
        String id = create("nobin", false, "/no/such/binary");
        assertThatThrownBy(() -> client.start(id, null, true, new Capture()))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("callbackFailures")
    void aStartWhoseCallbackThrowsIsSystemExceptionWithThatCauseAndLeavesNothing(Exception failure) {
        String id = create("cb", false, "echo", "fine");
        assertThatThrownBy(() -> client.start(id, null, true, throwing(failure)))
                .isInstanceOf(SystemException.class)
                .hasCause(failure);
        assertThat(stateDir.resolve(id)).doesNotExist();
        assertThatThrownBy(() -> client.status(id))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("not running");
        assertThat(backend.of(id)).isEmpty();
        // the container starts normally afterwards
        Capture out = new Capture();
        client.start(id, null, false, out);
        assertThat(out.awaitEof().out()).isEqualTo("fine\n");
    }

    @ParameterizedTest
    @MethodSource("callbackFailures")
    void anExecWhoseCallbackThrowsIsSystemExceptionWithThatCauseAndLeavesNothing(Exception failure) {
        String id = create("cbx", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        assertThatThrownBy(() -> client.exec(id, "e", Specs.process(false, "echo", "x"), true, throwing(failure)))
                .isInstanceOf(SystemException.class)
                .hasCause(failure);
        assertThat(stateDir.resolve(id).toFile().list()).containsExactlyInAnyOrder("init-stdout", "init-stderr");
        assertThatThrownBy(() -> client.signalProcess(id, "e", 9)).isInstanceOf(NotFoundException.class);
        Capture out = new Capture();
        client.exec(id, "e", Specs.process(false, "echo", "x"), false, out);
        assertThat(out.awaitEof().out()).isEqualTo("x\n");
    }

    private long eventWorkers() {
        String prefix = "libcontainerd-event-" + ns + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }

    @Test
    void eventWorkersAreBoundedAndABlockedBackendLosesOrReordersNothing() throws Exception {
        int containers = 40;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        backend.then((containerId, type, info) -> {
            if (type == EventType.EXIT) {
                blocked.incrementAndGet();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        AtomicInteger maxWorkers = new AtomicInteger();
        Thread sampler = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        maxWorkers.accumulateAndGet((int) eventWorkers(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "worker-sampler");
        sampler.setDaemon(true);
        sampler.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            ids.add(create("blk", false, "true"));
        }
        ExecutorService starters = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> started = new ArrayList<>();
            for (String id : ids) {
                started.add(starters.submit(() -> client.start(id, null, false, new Capture())));
            }
            for (Future<Integer> f : started) {
                f.get(60, TimeUnit.SECONDS);
            }
            // every container exits at once; let the blocked handlers pile up until no more come
            int last = -1;
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    blocked.get() != last && System.nanoTime() < end; ) {
                last = blocked.get();
                Thread.sleep(2000);
            }
            assertThat(maxWorkers.get())
                    .as("event worker threads while %d backends block (%d handlers entered)", containers, blocked.get())
                    .isLessThanOrEqualTo(MAX_EVENT_WORKERS);
        } finally {
            release.countDown();
            starters.shutdown();
        }
        await("every container's EXIT delivered")
                .atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> backend.exitCount(id, id) > 0));
        Thread.sleep(1000);
        sampler.interrupt();
        for (String id : ids) {
            assertThat(backend.types(id))
                    .as("events of %s", id)
                    .containsExactly(EventType.CREATE, EventType.START, EventType.EXIT);
        }
    }
}
