package dev.libcontainerd.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aLateExitOfADeletedContainerIsKnownToTheIdsNextRecord() {
        Records records = new Records();
        ContainerRecord first = records.getOrCreate("c");
        assertThat(first.exits.record("init", 42, null, true)).isTrue(); // reported without a status
        records.remove("c");

        ContainerRecord events = records.forEvents("c");
        assertThat(events).isNotSameAs(first);
        assertThat(events.exits.record("init", 42, AT, false))
                .as("the late real exit")
                .isFalse();
    }

    @Test
    void aNewContainerWithTheIdKeepsTheExitsReportedButNothingElse() {
        Records records = new Records();
        ContainerRecord first = records.getOrCreate("c");
        first.oomKilled = true;
        first.exits.record("init", 42, AT, false);

        ContainerRecord fresh = records.fresh("c");
        assertThat(fresh.oomKilled).isFalse();
        assertThat(fresh.exits.record("init", 42, AT, false))
                .as("a repeat of the old exit")
                .isFalse();
        assertThat(fresh.exits.record("init", 43, AT, false))
                .as("the new container's exit")
                .isTrue();
    }

    @Test
    void onlyABoundedNumberOfRemovedLedgersIsKept() {
        Records records = new Records();
        for (int i = 0; i < 1000; i++) {
            records.getOrCreate("c" + i).exits.record("init", i, AT, false);
            records.remove("c" + i);
        }
        assertThat(records.forEvents("c0").exits.reported("init", 0))
                .as("long forgotten")
                .isFalse();
        assertThat(records.forEvents("c999").exits.reported("init", 999)).isTrue();
    }
}
