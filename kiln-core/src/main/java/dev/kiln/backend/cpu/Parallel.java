package dev.kiln.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The CPU thread pool: splits a range of work across threads when it is larger than a grain size,
 * and runs small work on the calling thread so that tiny ops pay no scheduling cost.
 *
 * <pre>{@code
 * Parallel.forRange(n, 1 << 15, (lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = 2 * x[i]; });
 * }</pre>
 */
public final class Parallel {
    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool = new ForkJoinPool(Math.max(threads, 1));

    /** Elements of simple element-wise work below which splitting does not pay. */
    public static final int ELEMENTWISE_GRAIN = 1 << 15;

    private Parallel() {
    }

    /** A body that processes indices [lo, hi). */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices [lo, hi). */
        void run(int lo, int hi);
    }

    /** The number of threads ops may use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads ops may use (like {@code torch.set_num_threads}). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = new ForkJoinPool(n);
            threads = n;
            old.shutdown();
        }
    }

    /**
     * True when {@link #forRange} would run {@code n} elements on the calling thread: callers use it
     * to call their kernel directly, without allocating a body, on small work.
     */
    public static boolean runsInline(int n, int grain) {
        return n < 2L * grain || threads <= 1;
    }

    /**
     * Runs {@code body} over [0, n), split into at most {@link #threads()} contiguous chunks when
     * {@code n >= 2 * grain}; otherwise on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads;
        if (t <= 1 || n < 2L * grain) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(t, n / (long) grain);
        forChunks(n, chunks, body);
    }

    /** Runs {@code body} over [0, n) split into exactly {@code chunks} near-equal pieces, one per task. */
    public static void forChunks(int n, int chunks, RangeBody body) {
        if (chunks <= 1 || threads <= 1) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int lo = (int) ((long) n * c / chunks);
            int hi = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = pool.submit(() -> body.run(lo, hi));
        }
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }
}
