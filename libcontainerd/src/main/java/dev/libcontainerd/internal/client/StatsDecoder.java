package dev.libcontainerd.internal.client;

import com.google.protobuf.InvalidProtocolBufferException;
import containerd.types.Metric;
import dev.libcontainerd.Stats;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.events.EventMapper;
import dev.libcontainerd.internal.grpc.TypeUrls;
import io.containerd.cgroups.v1.Metrics;
import java.time.Instant;
import java.util.Optional;

/** Decodes containerd's cgroup v1 or v2 metrics into {@link Stats}. */
final class StatsDecoder {
    private StatsDecoder() {}

    static Stats decode(Metric m) {
        Instant read = EventMapper.instant(m.getTimestamp());
        try {
            switch (TypeUrls.name(m.getData())) {
                case "io.containerd.cgroups.v1.Metrics": {
                    Metrics v1 = Metrics.parseFrom(m.getData().getValue());
                    return new Stats(
                            read,
                            v1.getMemory().getUsage().getUsage(),
                            v1.getCpu().getUsage().getTotal(),
                            v1.getPids().getCurrent(),
                            Optional.of(v1),
                            Optional.empty());
                }
                case "io.containerd.cgroups.v2.Metrics": {
                    io.containerd.cgroups.v2.Metrics v2 = io.containerd.cgroups.v2.Metrics.parseFrom(
                            m.getData().getValue());
                    return new Stats(
                            read,
                            v2.getMemory().getUsage(),
                            v2.getCpu().getUsageUsec() * 1000L,
                            v2.getPids().getCurrent(),
                            Optional.empty(),
                            Optional.of(v2));
                }
                default:
                    throw new SystemException(
                            "unsupported metrics type " + m.getData().getTypeUrl());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new SystemException("failed to decode metrics: " + e.getMessage(), e);
        }
    }
}
