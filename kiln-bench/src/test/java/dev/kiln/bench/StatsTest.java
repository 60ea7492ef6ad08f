package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        Stats odd = Stats.of(new double[] {5, 1, 3});
        assertEquals(3, odd.median());
        assertEquals(1, odd.min());
        assertEquals(5, odd.max());
        assertEquals(3, odd.n());
        assertEquals(2.5, Stats.of(new double[] {4, 1, 2, 3}).median());
    }

    @Test
    void procStatLineGivesBusyAndSteal() {
        // user nice system idle iowait irq softirq steal: busy = user+nice+system+irq+softirq
        long[] v = Probe.parseCpuLine("cpu  100 2 30 4000 50 6 7 8 0 0");
        assertArrayEquals(new long[] {100 + 2 + 30 + 6 + 7, 8}, v);
    }
}
