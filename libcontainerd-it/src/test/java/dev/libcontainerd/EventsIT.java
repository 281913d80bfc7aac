package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventsIT extends ClientTestBase {

    @Test
    void namespacesAreIsolated() throws Exception {
        RecordingBackend other = new RecordingBackend();
        String otherNs = ns + "-b";
        String id = create("iso", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        try (Client second = Client.create(
                TestDaemon.get().containerd(),
                Files.createTempDirectory(TestDaemon.get().dir(), "ns2"),
                otherNs,
                other)) {
            // the same id in the other namespace is a different container
            second.create(id, Specs.spec(otherNs, id, false, "echo", "b"), runtime());
            Capture cap = new Capture();
            second.start(id, null, false, cap);
            assertThat(other.awaitExit(id, id).exitCode()).isZero();
            assertThat(cap.awaitEof().out()).isEqualTo("b\n");
            assertThat(second.deleteTask(id).exitCode()).isZero();
            second.delete(id);
        }
        // nothing of the other namespace reached this client, and its container still runs
        assertThat(backend.types(id)).containsExactly(EventType.CREATE, EventType.START);
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        assertThat(other.all()).allMatch(e -> e.containerId().equals(id));
    }

    @Test
    void callbacksAreSerialPerContainerAndConcurrentAcross() throws Exception {
        String slow = create("slow", false, "sh", "-c", "exit 1");
        String fast = create("fast", false, "true");
        CountDownLatch release = new CountDownLatch(1);
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        backend.then((cid, type, info) -> {
            AtomicInteger n = inFlight.computeIfAbsent(cid, k -> new AtomicInteger());
            if (n.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                if (cid.equals(slow) && type == EventType.CREATE) {
                    release.await(20, TimeUnit.SECONDS); // blocks slow's queue only
                }
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                n.decrementAndGet();
            }
        });
        client.start(slow, null, false, new Capture());
        client.start(fast, null, false, new Capture());
        // fast's whole lifecycle is delivered while slow's first callback is still blocked
        assertThat(backend.awaitExit(fast, fast).exitCode()).isZero();
        assertThat(backend.types(slow)).containsExactly(EventType.CREATE);
        release.countDown();
        assertThat(backend.awaitExit(slow, slow).exitCode()).isEqualTo(1);
        assertThat(backend.types(slow)).containsExactly(EventType.CREATE, EventType.START, EventType.EXIT);
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void aThrowingBackendDoesNotStopTheQueue() {
        backend.then((cid, type, info) -> {
            throw new IllegalStateException("backend bug on " + type);
        });
        String id = create("throw", false, "true");
        client.start(id, null, false, new Capture());
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(backend.types(id)).containsExactly(EventType.CREATE, EventType.START, EventType.EXIT);
    }

    @Test
    void eventsOfContainersMadeByAnotherClientAreDelivered() throws Exception {
        RecordingBackend other = new RecordingBackend();
        String id = id("foreign");
        try (Client second = Client.create(
                TestDaemon.get().containerd(),
                Files.createTempDirectory(TestDaemon.get().dir(), "fc"),
                ns,
                other)) {
            second.create(id, Specs.spec(ns, id, false, "sh", "-c", "exit 4"), runtime());
            second.start(id, null, false, new Capture());
            assertThat(other.awaitExit(id, id).exitCode()).isEqualTo(4);
        }
        assertThat(backend.awaitExit(id, id).exitCode()).isEqualTo(4);
        assertThat(backend.types(id)).containsExactly(EventType.CREATE, EventType.START, EventType.EXIT);
    }

    @Test
    void manyContainersEachGetExactlyOneExit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = create("many", false, "sh", "-c", "exit " + i);
            ids.add(id);
            client.start(id, null, false, new Capture());
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(backend.awaitExit(ids.get(i), ids.get(i)).exitCode()).isEqualTo(i);
        }
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        for (String id : ids) {
            assertThat(backend.types(id).stream()
                            .filter(t -> t == EventType.EXIT)
                            .count())
                    .isEqualTo(1);
        }
    }
}
