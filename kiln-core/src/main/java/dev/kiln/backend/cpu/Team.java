package dev.kiln.backend.cpu;

import dev.kiln.backend.Workspace;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads behind {@link Parallel}: one job at a time, whose chunks the caller and the
 * workers claim from a shared counter.
 *
 * <p>A job is published through a volatile field; idle workers spin on it for {@link #SPIN_NANOS}
 * and then park until the next job unparks them. Every chunk ends with an increment of the job's
 * {@code done} counter, which the caller waits for, so the chunks' writes are visible to the caller
 * when {@link #run} returns. The first exception thrown by a chunk is rethrown by {@link #run}.
 */
final class Team {
    /** How long an idle worker keeps polling for the next job before it parks. */
    static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job current;
    private volatile boolean shutdown;
    private long jobs;

    Team(int workerCount) {
        workers = new Worker[Math.max(0, workerCount)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /**
     * Runs the {@code chunks} chunks of [0, n) on this thread and the first {@code threads − 1}
     * workers, returning when all are done; false (nothing run) when the team is already running a
     * job, for nested or concurrent calls.
     */
    boolean run(int n, int chunks, int threads, Parallel.RangeBody body) {
        if (workers.length == 0 || !busy.compareAndSet(false, true)) {
            return false;
        }
        Job job = new Job(++jobs, n, chunks, threads, body, Workspace.current().orElse(null));
        try {
            current = job;
            for (Worker w : workers) {
                if (w.index < threads && w.parked) {
                    LockSupport.unpark(w);
                }
            }
            job.work();
            int spins = 0;
            while (job.done.get() < chunks) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            current = null;
            busy.set(false);
        }
        Throwable failure = job.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return true;
    }

    /** Lets the workers finish their current chunk and exit. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /**
     * One call of {@link Parallel#forChunks}: its body, the threads it may use (the caller is thread
     * 0, worker i thread i), its chunk counter and its completion count.
     */
    private static final class Job {
        final long id;
        final int n;
        final int chunks;
        final int threads;
        final Parallel.RangeBody body;
        /** The caller's workspace, bound on the workers while they run the chunks (null: none bound). */
        final Workspace workspace;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(long id, int n, int chunks, int threads, Parallel.RangeBody body, Workspace workspace) {
            this.id = id;
            this.n = n;
            this.chunks = chunks;
            this.threads = threads;
            this.body = body;
            this.workspace = workspace;
        }

        /**
         * {@link #work} on a worker, with the caller's workspace bound, so that the chunks' scratch arrays come from
         * and go back to the same pool as the caller's (without it every worker chunk took fresh arrays: a
         * training step's Winograd and im2col buffers on the second thread were garbage after each call).
         */
        void workOnWorker() {
            if (workspace == null) {
                work();
            } else {
                workspace.run(this::work);
            }
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** A daemon thread that runs the chunks of each new job, spinning briefly and then parking between jobs. */
    private final class Worker extends Thread {
        final int index;
        volatile boolean parked;

        Worker(int index) {
            super("kiln-cpu-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long last = 0;
            while (!shutdown) {
                Job job = current;
                if (job != null && job.id != last) {
                    last = job.id;
                    if (index < job.threads) {
                        job.workOnWorker();
                    }
                    continue;
                }
                if (!awaitJob(last)) {
                    parked = true;
                    // re-check after announcing the park: the caller unparks only workers it sees parked
                    Job now = current;
                    if (now == null || now.id == last) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }

        /** Spins up to {@link #SPIN_NANOS} for a job other than the one numbered {@code last}; true when one appeared. */
        private boolean awaitJob(long last) {
            long start = System.nanoTime();
            do {
                for (int i = 0; i < 64; i++) {
                    Job job = current;
                    if ((job != null && job.id != last) || shutdown) {
                        return true;
                    }
                    Thread.onSpinWait();
                }
            } while (System.nanoTime() - start < SPIN_NANOS);
            return false;
        }
    }
}
