package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The distinct threads that ran the chunks of one forChunks call (each chunk long enough for every worker to join in). */
    private static int threadsOfOneJob(int chunks) {
        java.util.Set<Thread> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        double[] sink = new double[chunks];
        Parallel.forChunks(chunks, chunks, (lo, hi) -> {
            used.add(Thread.currentThread());
            double s = 0;
            for (int i = 0; i < 100_000; i++) {
                s += Math.sin(i + lo);
            }
            sink[lo] = s;
        });
        return used.size();
    }

    /**
     * A thread budget applies to the ops of its own thread only: inside it threads() is the budget
     * and a job runs on at most that many threads, whatever its chunk count; the global setting (what
     * another thread sees) is unchanged, and changing it inside the scope is refused.
     */
    @Test
    void aThreadBudgetLimitsOnlyItsOwnThread() throws InterruptedException {
        Parallel.setThreads(4);
        int[] seenByOther = new int[1];
        Parallel.withThreads(2, () -> {
            assertEquals(2, Parallel.threads());
            for (int rep = 0; rep < 10; rep++) {
                int used = threadsOfOneJob(16);
                if (used > 2) {
                    throw new AssertionError("a job inside a budget of 2 ran on " + used + " threads");
                }
            }
            Parallel.withThreads(1, () -> assertEquals(1, threadsOfOneJob(16)));
            Parallel.withThreads(8, () -> assertEquals(4, Parallel.threads(), "a budget never exceeds the global setting"));
            Thread other = new Thread(() -> seenByOther[0] = Parallel.threads());
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThrows(IllegalStateException.class, () -> Parallel.setThreads(3));
        });
        assertEquals(4, seenByOther[0]);
        assertEquals(4, Parallel.threads());
        assertThrows(IllegalArgumentException.class, () -> Parallel.withThreads(0, () -> { }));
    }

    /**
     * Callers with budgets that add up to the global setting, all at once: every job of each stays
     * within its caller's budget (so together they never use more threads than the setting), and all
     * of them finish (no deadlock when one finds the team busy).
     */
    @Test
    void concurrentBudgetsDoNotOversubscribe() throws InterruptedException {
        Parallel.setThreads(4);
        int[] budgets = {2, 1, 1};
        int[] worst = new int[budgets.length];
        long[] sums = new long[budgets.length];
        Thread[] ts = new Thread[budgets.length];
        int n = 10_000;
        for (int t = 0; t < ts.length; t++) {
            int id = t;
            ts[t] = new Thread(() -> Parallel.withThreads(budgets[id], () -> {
                for (int rep = 0; rep < 10; rep++) {
                    worst[id] = Math.max(worst[id], threadsOfOneJob(8));
                    AtomicLong total = new AtomicLong();
                    Parallel.forRange(n, 100, (lo, hi) -> {
                        long s = 0;
                        for (int i = lo; i < hi; i++) {
                            s += i;
                        }
                        total.addAndGet(s);
                    });
                    sums[id] += total.get();
                }
            }));
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        int total = 0;
        for (int t = 0; t < ts.length; t++) {
            assertEquals(10L * n * (n - 1) / 2, sums[t], "caller " + t + " did all its work");
            assertTrue(worst[t] <= budgets[t], "caller " + t + " used " + worst[t] + " threads on a budget of " + budgets[t]);
            total += worst[t];
        }
        assertTrue(total <= 4, "together at most the global 4 threads, got " + total);
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

    /**
     * A job issued inside a workspace's scope runs its chunks with that workspace bound on every thread, so the
     * kernels' scratch arrays on the workers come from the caller's pool; outside a scope no thread sees one.
     */
    @Test
    void workersSeeTheCallersWorkspace() {
        Parallel.setThreads(2);
        dev.kiln.backend.Workspace ws = new dev.kiln.backend.Workspace();
        ConcurrentLinkedQueue<Object> seen = new ConcurrentLinkedQueue<>();
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Parallel.RangeBody body = (lo, hi) -> {
            threads.add(Thread.currentThread());
            // hold the chunk until a second thread has taken one (bounded: a busy machine may give both to one thread)
            for (long spin = 0; threads.size() < 2 && spin < 2_000_000_000L; spin++) {
                Thread.onSpinWait();
            }
            seen.add(dev.kiln.backend.Workspace.current().map(Object.class::cast).orElse("none"));
        };
        ws.run(() -> Parallel.forChunks(2, 2, body));
        assertEquals(2, threads.size(), "both chunks ran, on the caller and on the worker");
        assertEquals(List.of(ws, ws), new ArrayList<>(seen));
        seen.clear();
        threads.clear();
        Parallel.forChunks(2, 2, body);
        assertEquals(List.of("none", "none"), new ArrayList<>(seen));
    }
}
