package dev.libcontainerd.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private final List<EventInfo> seen = new CopyOnWriteArrayList<>();
    private final List<String> cleaned = new CopyOnWriteArrayList<>();
    private final Dispatcher d = new Dispatcher((id, type, info) -> seen.add(info),
            new ContainerQueue(Executors.newCachedThreadPool()), (c, e) -> cleaned.add(c + "/" + e));

    private static MappedEvent exit(String id, String process, int pid, int code) {
        return new MappedEvent(id, EventType.EXIT, process, pid, code, Instant.EPOCH);
    }

    @Test
    void anExitIsReportedOnceEvenWhenRepeated() {
        d.started("c", "c", 10);
        d.dispatch(exit("c", "c", 10, 137));
        d.dispatch(exit("c", "c", 10, 137)); // containerd's replay after a restart
        d.dispatch(exit("c", "c", 11, 0)); // the next start of the same container is a new exit
        await().until(() -> seen.size() == 2);
        assertThat(seen).extracting(EventInfo::pid).containsExactly(10, 11);
        assertThat(d.running()).isEmpty();
    }

    @Test
    void oomIsStickyUntilForget() {
        d.dispatch(new MappedEvent("c", EventType.OOM, null, 0, 0, null));
        d.dispatch(exit("c", "c", 1, 137));
        d.dispatch(exit("other", "other", 2, 0));
        await().until(() -> seen.size() == 3);
        assertThat(seen.stream().filter(i -> i.containerId().equals("c"))).allMatch(EventInfo::oomKilled);
        assertThat(seen.stream().filter(i -> i.containerId().equals("other"))).noneMatch(EventInfo::oomKilled);
        d.forget("c");
        d.dispatch(exit("c", "c", 3, 0));
        await().until(() -> seen.size() == 4);
        assertThat(seen.get(3).oomKilled()).isFalse();
    }

    @Test
    void execExitsAreCleanedUpAfterTheBackend() {
        d.started("c", "e1", 5);
        d.dispatch(exit("c", "e1", 5, 0));
        await().until(() -> cleaned.size() == 1);
        assertThat(cleaned).containsExactly("c/e1");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aProcessReportedBeforeItsStartReturnedIsNotTracked() {
        d.dispatch(exit("c", "c", 7, 0));
        d.started("c", "c", 7);
        assertThat(d.running()).isEmpty();
    }
}
