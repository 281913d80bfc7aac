package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A {@link TimedBackend} gets containerd's event times, and container deletes. */
class TimedBackendIT extends ClientTestBase {
    record Seen(String id, String what, Instant time, EventInfo info) {}

    @Test
    void eventsCarryContainerdsTimeAndDeletesArrive() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        CountDownLatch slow = new CountDownLatch(1);
        TimedBackend timed = new TimedBackend() {
            @Override
            public void processEvent(String id, EventType type, EventInfo info, Instant time) {
                seen.add(new Seen(id, type.value(), time, info));
                try {
                    slow.await(2, TimeUnit.SECONDS); // the first call is late: times must not be
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void containerDeleted(String id, Instant time) {
                seen.add(new Seen(id, "delete", time, null));
            }
        };
        try (Client second = Client.create(
                TestDaemon.get().containerd(),
                Files.createTempDirectory(TestDaemon.get().dir(), "timed"),
                ns,
                timed)) {
            String id = id("timed");
            Instant before = Instant.now();
            second.create(id, Specs.spec(ns, id, false, "true"), runtime());
            second.start(id, null, false, new Capture());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> seen.stream()
                            .anyMatch(s -> s.id().equals(id) && s.what().equals("exit")));
            Instant exited = Instant.now();
            second.deleteTask(id);
            second.delete(id);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> seen.stream()
                            .anyMatch(s -> s.id().equals(id) && s.what().equals("delete")));
            List<Seen> mine = seen.stream().filter(s -> s.id().equals(id)).toList();
            assertThat(mine).extracting(Seen::what).containsExactly("create", "start", "exit", "delete");
            // the exit was delivered ~2 s after it happened (the first call blocked): its time is
            // containerd's, a moment after exitedAt, not when the backend got it
            Seen exit = mine.get(2);
            assertThat(exit.time()).isBetween(before, exit.info().exitedAt().plusSeconds(1));
            assertThat(exit.time()).isBefore(exited);
            assertThat(mine.get(0).time()).isBefore(mine.get(1).time());
            assertThat(mine.get(3).time()).isAfter(exited.minusSeconds(1));
        }
    }
}
