package dev.libcontainerd.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import containerd.events.ContainerDelete;
import containerd.events.TaskDelete;
import containerd.events.TaskExecStarted;
import containerd.events.TaskExit;
import containerd.events.TaskOOM;
import dev.libcontainerd.EventType;
import dev.libcontainerd.internal.grpc.TypeUrls;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventMapperTest {

    @Test
    void containerDeletesAndEnvelopeTimesAreKept() {
        Timestamp at = Timestamp.newBuilder().setSeconds(200).setNanos(7).build();
        MappedEvent deleted = EventMapper.map(
                        TypeUrls.pack(ContainerDelete.newBuilder().setId("c").build()), at)
                .orElseThrow();
        assertThat(deleted.containerDeleted()).isTrue();
        assertThat(deleted.taskDeleted()).isFalse();
        assertThat(deleted.containerId()).isEqualTo("c");
        assertThat(deleted.time()).isEqualTo(Instant.ofEpochSecond(200, 7));
        MappedEvent exit = EventMapper.map(
                        TypeUrls.pack(TaskExit.newBuilder()
                                .setContainerId("c")
                                .setExitStatus(1)
                                .build()),
                        at)
                .orElseThrow();
        assertThat(exit.time()).isEqualTo(Instant.ofEpochSecond(200, 7));
        assertThat(exit.containerDeleted()).isFalse();
    }

    @Test
    void bareAndPrefixedTypeUrlsDecode() {
        TaskExit exit = TaskExit.newBuilder()
                .setContainerId("c")
                .setId("c")
                .setPid(42)
                .setExitStatus(7)
                .setExitedAt(Timestamp.newBuilder().setSeconds(100).setNanos(5))
                .build();
        MappedEvent bare = EventMapper.map(TypeUrls.pack(exit)).orElseThrow();
        assertThat(bare).isEqualTo(new MappedEvent("c", EventType.EXIT, "init", 42, 7, Instant.ofEpochSecond(100, 5)));
        assertThat(bare.isExecExit()).isFalse();
        Any prefixed = Any.pack(exit); // type.googleapis.com/… as some shims send
        assertThat(EventMapper.map(prefixed)).contains(bare);
    }

    @Test
    void execAndOomEventsCarryTheSeedsProcessIds() {
        MappedEvent started = EventMapper.map(TypeUrls.pack(TaskExecStarted.newBuilder()
                        .setContainerId("c")
                        .setExecId("e")
                        .setPid(9)
                        .build()))
                .orElseThrow();
        assertThat(started.processId()).isEqualTo("e");
        assertThat(started.type()).isEqualTo(EventType.EXEC_STARTED);
        MappedEvent execExit = EventMapper.map(TypeUrls.pack(TaskExit.newBuilder()
                        .setContainerId("c")
                        .setId("e")
                        .setExitStatus(1)
                        .build()))
                .orElseThrow();
        assertThat(execExit.isExecExit()).isTrue();
        MappedEvent oom = EventMapper.map(
                        TypeUrls.pack(TaskOOM.newBuilder().setContainerId("c").build()))
                .orElseThrow();
        assertThat(oom.processId()).isNull();
        assertThat(oom.pid()).isZero();
    }

    @Test
    void ignoredAndBrokenEventsAreSkipped() {
        assertThat(EventMapper.map(TypeUrls.pack(
                        TaskDelete.newBuilder().setContainerId("c").build())))
                .hasValueSatisfying(e -> assertThat(e.taskDeleted()).isTrue());
        Any garbage = Any.newBuilder()
                .setTypeUrl("containerd.events.TaskExit")
                .setValue(ByteString.copyFromUtf8("\u00ff\u00ff\u00ff"))
                .build();
        assertThat(EventMapper.map(garbage)).isEmpty();
    }
}
