package dev.libcontainerd.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import containerd.types.Metric;
import dev.libcontainerd.Stats;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.grpc.TypeUrls;
import io.containerd.cgroups.v1.CPUUsage;
import io.containerd.cgroups.v1.MemoryEntry;
import io.containerd.cgroups.v2.CPUStat;
import io.containerd.cgroups.v2.MemoryStat;
import io.containerd.cgroups.v2.Metrics;
import io.containerd.cgroups.v2.PidsStat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsDecoderTest {
    private static final Timestamp AT =
            Timestamp.newBuilder().setSeconds(1_700_000_000).build();

    @Test
    void cgroupV2MetricsDecode() {
        Metrics v2 = Metrics.newBuilder()
                .setPids(PidsStat.newBuilder().setCurrent(3))
                .setCpu(CPUStat.newBuilder().setUsageUsec(1500))
                .setMemory(MemoryStat.newBuilder().setUsage(4096))
                .build();
        Stats s = StatsDecoder.decode(
                Metric.newBuilder().setTimestamp(AT).setData(TypeUrls.pack(v2)).build());
        assertThat(s.read()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(s.pidsCurrent()).isEqualTo(3);
        assertThat(s.cpuUsageNanos()).isEqualTo(1_500_000);
        assertThat(s.memoryUsageBytes()).isEqualTo(4096);
        assertThat(s.v2()).contains(v2);
        assertThat(s.v1()).isEmpty();
    }

    @Test
    void cgroupV1MetricsDecode() {
        io.containerd.cgroups.v1.Metrics v1 = io.containerd.cgroups.v1.Metrics.newBuilder()
                .setPids(io.containerd.cgroups.v1.PidsStat.newBuilder().setCurrent(2))
                .setCpu(io.containerd.cgroups.v1.CPUStat.newBuilder()
                        .setUsage(CPUUsage.newBuilder().setTotal(77)))
                .setMemory(io.containerd.cgroups.v1.MemoryStat.newBuilder()
                        .setUsage(MemoryEntry.newBuilder().setUsage(8192)))
                .build();
        Stats s = StatsDecoder.decode(
                Metric.newBuilder().setTimestamp(AT).setData(Any.pack(v1)).build());
        assertThat(s.cpuUsageNanos()).isEqualTo(77);
        assertThat(s.memoryUsageBytes()).isEqualTo(8192);
        assertThat(s.v1()).contains(v1);
    }

    @Test
    void unknownMetricsAreASystemError() {
        Metric m = Metric.newBuilder()
                .setData(Any.newBuilder().setTypeUrl("x.Unknown"))
                .build();
        assertThatThrownBy(() -> StatsDecoder.decode(m)).isInstanceOf(SystemException.class);
    }
}
