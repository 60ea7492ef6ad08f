package dev.kiln.backend.cpu;

/**
 * The CPU thread pool: splits a range of work across threads when it is larger than a grain size,
 * and runs small work on the calling thread so that tiny ops pay no scheduling cost.
 *
 * <pre>{@code
 * Parallel.forRange(n, 1 << 15, (lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = 2 * x[i]; });
 * }</pre>
 *
 * <p>The work runs on a {@link Team} of {@code threads − 1} workers plus the calling thread, which
 * claim the chunks from a shared counter: the caller never waits for a worker to wake up before
 * starting, and a late worker simply finds the chunks taken. Workers spin briefly between jobs (as
 * OpenMP runtimes do), so the back-to-back ops of a training step reach them in well under a
 * microsecond. A {@code forRange} or {@code forChunks} issued from inside a running job, or by a
 * second thread while the team is busy, runs on its own thread. Chunk boundaries depend only on
 * {@code n} and the chunk count, never on which thread runs a chunk, so results are reproducible.
 *
 * <p>A <em>thread budget</em> ({@link #withThreads}) limits the ops that one thread issues — and only
 * those — to fewer threads than the global setting, e.g. for each of several trainings that run at
 * once: inside it {@link #threads()} is the budget, and a job it issues runs on at most that many
 * threads (the caller and the first budget − 1 workers), so concurrent trainings with budgets that
 * add up to the cores never oversubscribe them, and none changes the global setting of the others.
 */
public final class Parallel {
    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile Team team = new Team(threads - 1);

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

    /** The thread budget of the current scope, if {@link #withThreads} bound one. */
    private static final ScopedValue<Integer> BUDGET = ScopedValue.newInstance();

    /**
     * The number of threads ops issued by this thread may use: the global setting, or, inside
     * {@link #withThreads}, the smaller of it and the scope's budget.
     */
    public static int threads() {
        int global = threads;
        return BUDGET.isBound() ? Math.min(global, BUDGET.get()) : global;
    }

    /**
     * Runs {@code body} on this thread with ops limited to {@code n} threads (the caller included),
     * without touching the global setting that other threads see; scopes nest (the inner budget
     * applies, never above the global setting).
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static void withThreads(int n, Runnable body) {
        if (n < 1) {
            throw new IllegalArgumentException("withThreads: need at least 1 thread, got " + n);
        }
        ScopedValue.where(BUDGET, n).run(body);
    }

    /** Sets the number of threads ops may use (like {@code torch.set_num_threads}). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        }
        if (BUDGET.isBound()) {
            throw new IllegalStateException("setThreads(" + n + ") inside a thread budget of " + BUDGET.get()
                    + " (withThreads) would change the global setting under other threads' feet; set it outside the scope");
        }
        if (n != threads) {
            Team old = team;
            team = new Team(n - 1);
            threads = n;
            old.shutdown();
        }
    }

    /**
     * True when {@link #forRange} would run {@code n} elements on the calling thread: callers use it
     * to call their kernel directly, without allocating a body, on small work.
     */
    public static boolean runsInline(int n, int grain) {
        return n < 2L * grain || threads() <= 1;
    }

    /**
     * Runs {@code body} over [0, n), split into at most {@link #threads()} contiguous chunks when
     * {@code n >= 2 * grain}; otherwise on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads();
        if (t <= 1 || n < 2L * grain) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(t, n / (long) grain);
        forChunks(n, chunks, body);
    }

    /**
     * Runs {@code body} over [0, n) split into exactly {@code chunks} near-equal pieces
     * {@code [n·c/chunks, n·(c+1)/chunks)}, spread over at most {@link #threads()} threads of the team;
     * on the calling thread as one call {@code body.run(0, n)} when there is one chunk, one thread, or
     * the team is busy.
     */
    public static void forChunks(int n, int chunks, RangeBody body) {
        int t = threads();
        if (chunks <= 1 || t <= 1 || !team.run(n, chunks, t, body)) {
            body.run(0, n);
        }
    }
}
