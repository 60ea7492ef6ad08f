package dev.kiln.bench;

import dev.kiln.io.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurement protocol shared by all workloads, mirroring {@code bench_torch.py}: warm-up,
 * timed blocks redone while other processes were busy (noise), medians, and one JSON record per figure.
 *
 * <p>Java adds one step PyTorch does not need: after the protocol's warm-up calls, the call is repeated
 * for at least {@link #jitWarmupSeconds} so that the JIT has compiled the hot path before timing starts.
 */
public final class BenchContext {
    /** Other processes' CPU use (in CPUs) above which a timed block is redone. */
    static final double FOREIGN_MAX = 0.25;
    /** How many times a noisy block is tried at most. */
    static final int MAX_TRIES = 4;

    private final BenchOptions options;
    private final PrintStream stdout;
    final double jitWarmupSeconds;

    BenchContext(BenchOptions options, PrintStream stdout) {
        this.options = options;
        this.stdout = stdout;
        this.jitWarmupSeconds = options.quick() ? 0.2 : 1.0;
    }

    /** The command line. */
    public BenchOptions options() {
        return options;
    }

    /** True with {@code --quick}: tiny iteration counts. */
    public boolean quick() {
        return options.quick();
    }

    /** The outcome of {@link #cleanRun}: the last attempt's probe and how many attempts were discarded. */
    record Clean(Probe probe, int discarded) {
    }

    /** Runs {@code block}, redoing it (up to {@link #MAX_TRIES}) while other processes used more than {@link #FOREIGN_MAX} CPUs. */
    Clean cleanRun(Runnable block) {
        int discarded = 0;
        for (int attempt = 0; ; attempt++) {
            Probe p = Probe.start();
            block.run();
            p.stop();
            if (p.foreignCpus <= FOREIGN_MAX || attempt == MAX_TRIES - 1) {
                return new Clean(p, discarded);
            }
            discarded++;
            sleep(2000);
        }
    }

    /** Per-call times of {@link #timeCalls}, with the probe of the block. */
    record CallTimes(double[] seconds, Clean clean) {
    }

    /**
     * Times single calls like {@code time_calls}: {@code warmup} calls (plus JIT warm-up), one call to
     * estimate, then {@code reps = clamp(budget / estimate, minReps, maxReps)} individually timed calls.
     */
    CallTimes timeCalls(Runnable fn, int minReps, double budgetSeconds, int maxReps, int warmup) {
        for (int i = 0; i < warmup; i++) {
            fn.run();
        }
        jitWarmup(fn);
        long t0 = System.nanoTime();
        fn.run();
        double est = (System.nanoTime() - t0) / 1e9;
        int reps = (int) Math.min(maxReps, Math.max(minReps, budgetSeconds / Math.max(est, 1e-9)));
        double[] ts = new double[reps];
        Clean c = cleanRun(() -> {
            for (int i = 0; i < reps; i++) {
                long s = System.nanoTime();
                fn.run();
                ts[i] = (System.nanoTime() - s) / 1e9;
            }
        });
        return new CallTimes(ts, c);
    }

    /**
     * Times {@code iters} calls of {@code fn}, {@code repeats} times, like {@code loop_bench}, and emits
     * {@code us_median/us_min/us_max/us_all} per call. With {@code targetSeconds > 0} the iteration count is
     * capped so that one repeat lasts about that long (at least 50 iterations).
     */
    void loopBench(String name, Runnable fn, int iters, int repeats, int warmup, Map<String, Object> extra, double targetSeconds) {
        if (quick()) {
            iters = Math.max(10, iters / 100);
            warmup = 10;
        }
        for (int i = 0; i < warmup; i++) {
            fn.run();
        }
        jitWarmup(fn);
        if (targetSeconds > 0) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                fn.run();
            }
            double est = (System.nanoTime() - t0) / 1e9 / 10;
            iters = (int) Math.min(iters, Math.max(50, targetSeconds / est));
        }
        int n = iters;
        double[] us = new double[repeats];
        double[] fcpu = new double[repeats];
        int disc = 0;
        for (int r = 0; r < repeats; r++) {
            Clean c = cleanRun(() -> {
                for (int i = 0; i < n; i++) {
                    fn.run();
                }
            });
            us[r] = c.probe().wall / n * 1e6;
            fcpu[r] = c.probe().foreignCpus;
            disc += c.discarded();
        }
        Stats s = Stats.of(us);
        Map<String, Object> rec = record(name);
        rec.put("iters", n);
        rec.put("repeats", repeats);
        rec.put("us_median", s.median());
        rec.put("us_min", s.min());
        rec.put("us_max", s.max());
        rec.put("us_all", us);
        rec.put("foreign_cpus", fcpu);
        rec.put("discarded_noisy_attempts", disc);
        if (extra != null) {
            rec.putAll(extra);
        }
        emit(rec);
    }

    /** One training step; returns the loss (read back as a number, the sync point). */
    @FunctionalInterface
    public interface TrainStep {
        /** zero grad, forward, loss, backward, optimiser step; returns the loss value. */
        double step();

        /**
         * The classification step of W3, W7 and W8: zero grad, forward, cross-entropy against
         * {@code y}, backward, optimiser step.
         *
         * @param model the network (its output: (N, classes) logits)
         * @param opt the optimiser over the model's parameters
         * @param x the fixed input batch
         * @param y the fixed class indices, shape (N)
         * @return the step, returning the loss
         */
        static TrainStep crossEntropy(dev.kiln.nn.Module model, dev.kiln.optim.Optimizer<?> opt, dev.kiln.tensor.Tensor x,
                dev.kiln.tensor.Tensor y) {
            dev.kiln.nn.loss.CrossEntropyLoss loss = new dev.kiln.nn.loss.CrossEntropyLoss();
            // the step's arrays are reused from one step to the next, as PyTorch's caching allocator does
            dev.kiln.backend.Workspace workspace = new dev.kiln.backend.Workspace();
            return () -> workspace.call(() -> {
                opt.zeroGrad();
                // call, not forward: the model's layers then run as the library's own modules, whose outputs'
                // arrays the workspace lends and takes back after backward
                dev.kiln.tensor.Tensor l = loss.forward(model.call(x), y);
                l.backward();
                opt.step();
                return l.item();
            });
        }
    }

    /**
     * The training protocol of W2/W3 ({@code train_bench}): 20 warm-up steps (plus JIT warm-up), then
     * {@code repeats} × {@code steps} timed steps; emits ms/step and samples/s.
     */
    public void trainBench(String name, int batch, TrainStep step) {
        trainBench(name, batch, step, 20, 200);
    }

    /**
     * The training protocol with {@code warmup} warm-up steps (plus JIT warm-up) and 3 × {@code steps}
     * timed steps, as {@code train_bench(..., warmup=, steps=)} (W7: 10 and 50, W8: 3 and 10).
     */
    public void trainBench(String name, int batch, TrainStep step, int warmupSteps, int timedSteps) {
        int warmup = quick() ? 2 : warmupSteps;
        int steps = quick() ? 5 : timedSteps;
        int repeats = 3;
        double first = Double.NaN;
        for (int i = 0; i < warmup; i++) {
            double loss = step.step();
            if (i == 0) {
                first = loss;
            }
        }
        jitWarmup(step::step);
        double[] ms = new double[repeats];
        double[] fcpu = new double[repeats];
        double[] last = new double[1];
        int disc = 0;
        for (int r = 0; r < repeats; r++) {
            Clean c = cleanRun(() -> {
                double loss = 0;
                for (int i = 0; i < steps; i++) {
                    loss = step.step();
                }
                last[0] = loss;
            });
            ms[r] = c.probe().wall / steps * 1e3;
            fcpu[r] = c.probe().foreignCpus;
            disc += c.discarded();
        }
        Stats s = Stats.of(ms);
        Map<String, Object> rec = record(name);
        rec.put("batch", batch);
        rec.put("steps", steps);
        rec.put("allocated_mb_per_step", allocatedMegabytesPerStep(step, Math.min(steps, 3)));
        rec.put("repeats", repeats);
        rec.put("ms_per_step_median", s.median());
        rec.put("ms_per_step_min", s.min());
        rec.put("ms_per_step_max", s.max());
        rec.put("samples_per_s_median", batch / s.median() * 1e3);
        rec.put("samples_per_s_best", batch / s.min() * 1e3);
        rec.put("samples_per_s_worst", batch / s.max() * 1e3);
        rec.put("ms_per_step_all", ms);
        rec.put("foreign_cpus", fcpu);
        rec.put("discarded_noisy_attempts", disc);
        rec.put("loss_first", first);
        rec.put("loss_last", last[0]);
        emit(rec);
    }

    /**
     * The bytes allocated by all threads (the caller and the thread pool's workers) per training step,
     * in MB, over {@code steps} further steps ({@code com.sun.management.ThreadMXBean}); NaN where the
     * JVM does not count allocations.
     */
    static double allocatedMegabytesPerStep(TrainStep step, int steps) {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return Double.NaN;
        }
        long before = mx.getTotalThreadAllocatedBytes();
        for (int i = 0; i < steps; i++) {
            step.step();
        }
        return (mx.getTotalThreadAllocatedBytes() - before) / 1e6 / steps;
    }

    /** Repeats {@code fn} until {@link #jitWarmupSeconds} have passed (at least once). */
    void jitWarmup(Runnable fn) {
        long end = System.nanoTime() + (long) (jitWarmupSeconds * 1e9);
        do {
            fn.run();
        } while (System.nanoTime() < end);
    }

    /** A new record holding {@code "bench": name}. */
    public Map<String, Object> record(String name) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("bench", name);
        return rec;
    }

    /** Adds the run's metadata (config, threads, JVM, load, time) and prints the record as one JSON line (also appended to --out). */
    public void emit(Map<String, Object> rec) {
        Map<String, Object> r = new LinkedHashMap<>(rec);
        r.put("config", options.config());
        r.put("threads", options.threads());
        r.put("java", Runtime.version().toString());
        r.put("vector_bits", dev.kiln.backend.cpu.FloatVectors.S.vectorBitSize());
        r.put("loadavg1", Probe.loadAverage());
        r.put("time", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")));
        String line = Json.write(r);
        stdout.println(line);
        stdout.flush();
        if (options.out() != null) {
            try {
                Files.writeString(Path.of(options.out()), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot append to " + options.out(), e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
