package dev.libcontainerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The only test of this module: the statistics, no containerd involved. */
class StatsTest {

    @Test
    void meanMedianAndP90InterpolateLikeNumpy() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0, 10.0, 6.0, 5.0, 8.0, 7.0, 9.0));
        assertEquals(10, s.n());
        assertEquals(5.5, s.mean(), 1e-9);
        assertEquals(5.5, s.p50(), 1e-9);
        assertEquals(9.1, s.p90(), 1e-9);
        assertEquals(9.91, s.p99(), 1e-9);
        assertEquals(1.0, s.min(), 1e-9);
        assertEquals(10.0, s.max(), 1e-9);
        assertEquals(3.0277, s.stdev(), 1e-4);
    }

    @Test
    void oddSampleMedianIsTheMiddleValue() {
        Stats s = Stats.of(List.of(3.0, 100.0, 1.0));
        assertEquals(3.0, s.p50(), 1e-9);
        assertEquals(80.6, s.p90(), 1e-9);
    }

    @Test
    void singleSampleAndEmptySample() {
        Stats s = Stats.of(List.of(2.5));
        assertEquals(2.5, s.p50(), 1e-9);
        assertEquals(2.5, s.p90(), 1e-9);
        assertEquals(2.5, s.p99(), 1e-9);
        assertEquals(0.0, s.stdev(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }
}
