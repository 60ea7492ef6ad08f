package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KilnThreadsTest {
    /** setNumThreads/numThreads round-trip, reject 0, and the thread count does not change results. */
    @Test
    void threadCountIsASettingNotAResult() {
        int saved = Kiln.numThreads();
        try {
            Generator g = new Generator(9);
            Tensor a = Tensor.randn(g, 300, 200);
            Tensor b = Tensor.randn(g, 200, 150);
            Kiln.setNumThreads(1);
            assertEquals(1, Kiln.numThreads());
            float[] one = a.matmul(b).relu().sum(1).toFloatArray();
            Kiln.setNumThreads(3);
            assertEquals(3, Kiln.numThreads());
            float[] three = a.matmul(b).relu().sum(1).toFloatArray();
            assertArrayEquals(one, three, 0f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kiln.setNumThreads(0));
            assertEquals("setThreads: need at least 1 thread, got 0", e.getMessage());
        } finally {
            Kiln.setNumThreads(saved);
        }
    }
}
