package dev.libcontainerd.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.internal.events.MappedEvent;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.Rpc;
import dev.libcontainerd.internal.stdio.OutputPump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRouterTest {
    private final List<EventInfo> seen = new CopyOnWriteArrayList<>();
    // no daemon: the flows tested here make no call (an exec clean-up's would fail, and stay pending)
    private final Connection conn = Connection.open(Path.of("/nonexistent/containerd.sock"), Duration.ofMillis(200));
    private final Rpc rpc = new Rpc(conn, "test");
    private final ClientContext ctx = new ClientContext(
            rpc,
            new Lookup(rpc),
            new Records(),
            Path.of("/nonexistent/state"),
            "test",
            Threads.eventWorkers("test"),
            Threads.cleanupWorkers("test"),
            Threads.timer("test-timer"),
            new OutputPump("test-pump"));
    private final EventRouter router =
            new EventRouter(ctx, (id, type, info) -> seen.add(info), new Cleanups(ctx), new ExitChecker(ctx.lookup()));

    @AfterEach
    void close() {
        ctx.workers().shutdownNow();
        ctx.cleanupWorkers().shutdownNow();
        ctx.timer().shutdownNow();
        conn.close();
    }

    private static MappedEvent exit(String id, String process, int pid, int code) {
        return new MappedEvent(id, EventType.EXIT, process, pid, code, Instant.EPOCH);
    }

    private static MappedEvent start(String id, int pid) {
        return new MappedEvent(id, EventType.START, "init", pid, 0, null);
    }

    @Test
    void anExitIsReportedOnceEvenWhenRepeated() {
        router.onEvent(start("c", 10));
        router.onEvent(exit("c", "init", 10, 137));
        router.onEvent(exit("c", "init", 10, 137)); // containerd's replay after a restart
        router.onEvent(exit("c", "init", 11, 0)); // the next start of the same container is a new exit
        await().until(() -> seen.size() == 3);
        assertThat(seen.stream().filter(i -> i.exitedAt() != null))
                .extracting(EventInfo::pid)
                .containsExactly(10, 11);
        assertThat(seen).extracting(EventInfo::processId).containsOnly("c"); // the seed names init by the container
        assertThat(ctx.records().get("c").processes.values()).noneMatch(ProcessEntry::live);
    }

    @Test
    void oomIsStickyUntilTheIdIsCreatedAgain() {
        router.onEvent(new MappedEvent("c", EventType.OOM, null, 0, 0, null));
        router.onEvent(exit("c", "init", 1, 137));
        router.onEvent(exit("other", "init", 2, 0));
        await().until(() -> seen.size() == 3);
        assertThat(seen.stream().filter(i -> i.containerId().equals("c"))).allMatch(EventInfo::oomKilled);
        assertThat(seen.stream().filter(i -> i.containerId().equals("other"))).noneMatch(EventInfo::oomKilled);
        ctx.records().fresh("c");
        router.onEvent(exit("c", "init", 3, 0));
        await().until(() -> seen.size() == 4);
        assertThat(seen.get(3).oomKilled()).isFalse();
    }

    @Test
    void anExecExitReachesTheBackendAndItsEntryIsCleanedUp() {
        ContainerRecord rec = ctx.records().getOrCreate("c");
        ProcessEntry e1 = new ProcessEntry("e1", null, false);
        rec.processes.put("e1", e1);
        e1.started(5);
        router.onEvent(exit("c", "e1", 5, 0));
        await().until(() -> seen.size() == 1 && !rec.processes.containsKey("e1"));
        assertThat(seen.get(0).processId()).isEqualTo("e1");
    }

    @Test
    void anExecCleanUpWaitsForItsStartToReturn() {
        ContainerRecord rec = ctx.records().getOrCreate("c");
        ProcessEntry e1 = new ProcessEntry("e1", null, false);
        rec.processes.put("e1", e1);
        router.onEvent(exit("c", "e1", 5, 0)); // before exec()'s Start call returned
        await().until(() -> seen.size() == 1);
        assertThat(rec.processes).containsKey("e1");
        e1.started(5);
        await().until(() -> !rec.processes.containsKey("e1"));
    }

    @Test
    void aProcessReportedBeforeItsStartReturnedIsNotTracked() {
        router.onEvent(exit("c", "init", 7, 0));
        router.onEvent(start("c", 7));
        assertThat(ctx.records().get("c").processes.values()).noneMatch(ProcessEntry::live);
    }

    @Test
    void processesThatVanishWithTheirTaskExitOnceWithAnUnknownStatus() {
        ContainerRecord rec = ctx.records().getOrCreate("c");
        rec.processes.put("init", ProcessEntry.running("init", 20, null, true));
        rec.processes.put("e1", ProcessEntry.running("e1", 21, null, false));
        router.onEvent(exit("c", "init", 20, 137)); // the shim was killed: containerd reports init only
        router.onEvent(new MappedEvent("c", EventType.UNKNOWN, "init", 20, 137, Instant.EPOCH, true));
        router.onEvent(new MappedEvent("c", EventType.EXIT, "e1", 21, 0, Instant.now())); // a late real one
        await().until(() -> seen.size() == 2);
        EventInfo exec = seen.get(1);
        assertThat(exec.processId()).isEqualTo("e1");
        assertThat(exec.exitCode()).isEqualTo(EventInfo.UNKNOWN_EXIT_CODE);
        assertThat(exec.error()).isNotNull();
        assertThat(seen.get(0).error()).isNull();
        await().during(Duration.ofMillis(300)).until(() -> seen.size() == 2);
    }
}
