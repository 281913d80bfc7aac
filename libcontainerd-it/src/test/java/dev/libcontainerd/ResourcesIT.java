package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.Cgroups;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourcesIT extends ClientTestBase {

    @Test
    void pauseAndResumeAreStatesAndEvents() {
        String id = create("pr", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        client.pause(id);
        assertThat(client.status(id)).isEqualTo(Status.PAUSED);
        backend.await(id, e -> e.type() == EventType.PAUSED);
        client.resume(id);
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        {
            var resumed = backend.await(id, e -> e.type() == EventType.RESUMED);
            assertThat(resumed.info().processId()).isNull();
            assertThat(resumed.info().containerId()).isEqualTo(id);
        }
        assertThat(backend.types(id)).containsSubsequence(EventType.START, EventType.PAUSED, EventType.RESUMED);
    }

    @Test
    void oomGivesOomThenExit137WithOomKilled() {
        String id = id("oom");
        client.create(
                id,
                Specs.spec(
                        ns,
                        id,
                        false,
                        b -> b.mergeResources(LinuxResources.builder()
                                .memoryLimit(16L << 20)
                                .memorySwap(16L << 20)
                                .build()),
                        "sh",
                        "-c",
                        "x=a; while :; do x=$x$x; done"),
                runtime());
        client.start(id, null, false, new Capture());
        EventInfo exit = backend.awaitExit(id, id);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(backend.types(id)).containsSubsequence(EventType.OOM, EventType.EXIT);
        assertThat(exit.oomKilled()).isTrue();
        assertThat(backend.await(id, e -> e.type() == EventType.OOM).info().processId())
                .isNull();
    }

    @Test
    void updateResourcesReachesTheCgroup() {
        String id = create("upd", false, "sleep", "1000");
        int pid = client.start(id, null, false, new Capture());
        client.updateResources(
                id,
                LinuxResources.fromJson(
                        "{\"memory\":{\"limit\":33554432},\"cpu\":{\"quota\":50000,\"period\":100000},\"pids\":{\"limit\":42}}"));
        assertThat(Cgroups.read(pid, "memory", "memory.limit_in_bytes", "memory.max"))
                .isEqualTo("33554432");
        assertThat(Cgroups.read(pid, "pids", "pids.max", "pids.max")).isEqualTo("42");
        if (Cgroups.v1()) {
            assertThat(Cgroups.read(pid, "cpu", "cpu.cfs_quota_us", "cpu.max")).isEqualTo("50000");
            assertThat(Cgroups.read(pid, "cpu", "cpu.cfs_period_us", "cpu.max")).isEqualTo("100000");
        } else {
            assertThat(Cgroups.read(pid, "cpu", "cpu.max", "cpu.max")).isEqualTo("50000 100000");
        }
    }

    @Test
    void statsReportsUsageAndTheCgroupMetrics() {
        String id = create("st", false, "sh", "-c", "sleep 1000 & sleep 1000 & while :; do :; done");
        client.start(id, null, false, new Capture());
        await().until(() -> client.listPids(id).size() == 3);
        Instant before = Instant.now().minusSeconds(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats(id).cpuUsageNanos() > 10_000_000L);
        Stats s = client.stats(id);
        assertThat(s.read()).isAfter(before);
        assertThat(s.memoryUsageBytes()).isPositive();
        assertThat(s.pidsCurrent()).isEqualTo(3);
        assertThat(s.v1().isPresent() != s.v2().isPresent()).isTrue();
        if (s.v1().isPresent()) {
            assertThat(s.v1().get().getPids().getCurrent()).isEqualTo(3);
            assertThat(s.v1().get().getMemory().getUsage().getUsage()).isEqualTo(s.memoryUsageBytes());
        }
        assertThat(client.listPids(id)).hasSize(3);
        assertThat(client.summary(id)).hasSize(3).allMatch(x -> x.processId().equals(Client.INIT_PROCESS_NAME));
    }
}
