package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** Every index of every chunk count is visited exactly once, whatever the thread count. */
    @Test
    void everyIndexOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int chunks = 1; chunks <= 7; chunks++) {
                for (int n : new int[] {0, 1, 5, 64, 1001}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    for (int rep = 0; rep < 20; rep++) {
                        Parallel.forChunks(n, chunks, (lo, hi) -> {
                            for (int i = lo; i < hi; i++) {
                                seen.incrementAndGet(i);
                            }
                        });
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(20, seen.get(i), "threads " + threads + " chunks " + chunks + " n " + n + " index " + i);
                    }
                }
            }
        }
    }

    /** The chunks are [n·c/chunks, n·(c+1)/chunks), one call each, when the team runs them. */
    @Test
    void chunkBoundariesAreFixed() {
        Parallel.setThreads(3);
        ConcurrentLinkedQueue<int[]> calls = new ConcurrentLinkedQueue<>();
        Parallel.forChunks(10, 4, (lo, hi) -> calls.add(new int[] {lo, hi}));
        List<int[]> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        assertEquals(4, sorted.size());
        assertArrayEquals(new int[] {0, 2}, sorted.get(0));
        assertArrayEquals(new int[] {2, 5}, sorted.get(1));
        assertArrayEquals(new int[] {5, 7}, sorted.get(2));
        assertArrayEquals(new int[] {7, 10}, sorted.get(3));
    }

    /** A parallel loop inside a parallel loop runs its inner loop on the calling thread and completes. */
    @Test
    void nestedLoopsComplete() {
        Parallel.setThreads(2);
        int n = 40;
        AtomicIntegerArray seen = new AtomicIntegerArray(n * n);
        Parallel.forChunks(n, 4, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int row = i;
                Parallel.forChunks(n, 4, (a, b) -> {
                    for (int j = a; j < b; j++) {
                        seen.incrementAndGet(row * n + j);
                    }
                });
            }
        });
        for (int i = 0; i < n * n; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    /** Several threads using the pool at once each get all their work done. */
    @Test
    void concurrentCallers() throws InterruptedException {
        Parallel.setThreads(2);
        int callers = 4;
        int n = 10_000;
        long[][] sums = new long[callers][1];
        Thread[] ts = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    AtomicLong total = new AtomicLong();
                    Parallel.forChunks(n, 3, (lo, hi) -> {
                        long s = 0;
                        for (int i = lo; i < hi; i++) {
                            s += i;
                        }
                        total.addAndGet(s);
                    });
                    sums[id][0] += total.get();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        for (long[] s : sums) {
            assertEquals(200L * n * (n - 1) / 2, s[0]);
        }
    }

    /** An exception thrown in any chunk reaches the caller, and the pool keeps working afterwards. */
    @Test
    void exceptionsPropagate() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int bad = 0; bad < 4; bad++) {
            int b = bad;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(4, 4, (lo, hi) -> {
                if (lo == b) {
                    throw boom;
                }
            }));
            assertSame(boom, e);
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(8);
        Parallel.forChunks(8, 4, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 8; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    /** Work done after the workers have parked (an idle pause) still completes. */
    @Test
    void wakesParkedWorkers() throws InterruptedException {
        Parallel.setThreads(3);
        for (int rep = 0; rep < 3; rep++) {
            Thread.sleep(2 * Team.SPIN_NANOS / 1_000_000 + 2);
            AtomicIntegerArray seen = new AtomicIntegerArray(300);
            Parallel.forChunks(300, 3, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 300; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void rejectsZeroThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertEquals("setThreads: need at least 1 thread, got 0", e.getMessage());
    }
}
