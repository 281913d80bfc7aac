package dev.libcontainerd.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DownloadScheduleTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private CompletableFuture<Void> start(DownloadSchedule s, int n) {
        return CompletableFuture.runAsync(() -> s.start(n), pool);
    }

    @Test
    void aLayerStartsOnceTheOneBelowIsHalfDownloaded() throws Exception {
        DownloadSchedule s = new DownloadSchedule(3, 3);
        s.start(0);
        CompletableFuture<Void> second = start(s, 1);
        s.progress(0, 49, 100);
        assertThat(second).failsWithin(200, TimeUnit.MILLISECONDS);
        s.progress(0, 50, 100);
        assertThat(second).succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void atMostConcurrencyDownloadAtOnceAndASlotFreesAtTheLastByte() throws Exception {
        DownloadSchedule s = new DownloadSchedule(4, 2);
        s.start(0);
        s.progress(0, 60, 100);
        s.start(1);
        s.progress(1, 60, 100);
        CompletableFuture<Void> third = start(s, 2);
        assertThat(third).failsWithin(200, TimeUnit.MILLISECONDS);
        // all bytes sent: the slot is free before the commit (finished) comes
        s.progress(0, 100, 100);
        assertThat(third).succeedsWithin(5, TimeUnit.SECONDS);
        // the commit after the last byte gives nothing back a second time
        s.finished(0);
        s.progress(2, 60, 100);
        CompletableFuture<Void> fourth = start(s, 3);
        assertThat(fourth).failsWithin(200, TimeUnit.MILLISECONDS);
        s.finished(1);
        assertThat(fourth).succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void aLayerThatIsAlreadyInOrFailedLetsTheNextStart() {
        DownloadSchedule s = new DownloadSchedule(2, 1);
        s.start(0);
        s.finished(0); // e.g. the registry refused it
        CompletableFuture<Void> next = start(s, 1);
        assertThat(next).succeedsWithin(5, TimeUnit.SECONDS);
    }
}
