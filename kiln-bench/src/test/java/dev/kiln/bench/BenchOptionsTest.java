package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void parsesWorkloadsThreadsSizes() {
        BenchOptions o = BenchOptions.parse("--workload", "W1,w4", "W5", "--threads", "3", "--sizes", "64, 256", "--quick");
        assertEquals(List.of("w1", "w4", "w5"), o.workloads());
        assertEquals(3, o.threads());
        assertArrayEquals(new int[] {64, 256}, o.sizes());
        assertTrue(o.quick());
        assertEquals("kiln", o.config());
    }

    @Test
    void defaultsMirrorBenchTorch() {
        BenchOptions o = BenchOptions.parse("--workload", "w1");
        assertEquals(2, o.threads());
        assertArrayEquals(new int[] {64, 128, 256, 512, 1024, 2048}, o.sizes());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, BenchOptions::parse);
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--workload", "w1", "--threads", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--workload"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--bogus"));
    }

    @Test
    void everyWorkloadIsRegisteredUnderItsId() {
        assertEquals(List.of("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w3layers", "w8layers", "w9layers", "hpo"), List.copyOf(Bench.workloads().keySet()));
    }
}
