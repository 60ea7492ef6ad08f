package dev.kiln.bench;

import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameter search benchmark of /work/shared/bench/HPO.md: for each sampler and test function,
 * one study per seed (0–9), 100 sequential trials; the median over seeds of the best-so-far simple regret
 * f(x_best) − f* after 50 and 100 trials, and the sampler's own time per 100 trials (the study's wall and
 * CPU time; the objectives cost nothing). {@code --quick}: seeds 0–1, 30 trials.
 *
 * <p>Samplers are looked up by name among {@link Samplers}' factories ({@code random}, {@code qmc},
 * {@code tpe}, {@code gp}, {@code cmaEs}, {@code genetic}); one this build does not have is reported as
 * pending.
 */
final class HpoWorkload implements Workload {
    static final List<String> SAMPLERS = List.of("random", "qmc", "tpe", "gp", "cmaEs", "genetic");

    @Override
    public String id() {
        return "hpo";
    }

    @Override
    public String title() {
        return "hyper-parameter search: median regret over seeds on Branin, Hartmann-6, Rosenbrock-10";
    }

    @Override
    public void run(BenchContext ctx) {
        int seeds = ctx.quick() ? 2 : ctx.options().seeds();
        int trials = ctx.quick() ? 30 : 100;
        List<String> samplers = ctx.options().samplers().isEmpty() ? SAMPLERS : ctx.options().samplers();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String name : samplers) {
            Method factory = factory(name);
            for (HpoFunction f : HpoFunction.values()) {
                Map<String, Object> rec = ctx.record("hpo");
                rec.put("function", f.id);
                rec.put("sampler", name.toLowerCase(java.util.Locale.ROOT));
                if (factory == null) {
                    rec.put("status", "pending");
                    rec.put("reason", "Samplers." + name + "(long) is not in this build");
                    ctx.emit(rec);
                    continue;
                }
                double[] at50 = new double[seeds];
                double[] at100 = new double[seeds];
                double[] wall = new double[seeds];
                double[] cpu = new double[seeds];
                for (int seed = 0; seed < seeds; seed++) {
                    Study study = Study.minimize(create(factory, seed));
                    long w0 = System.nanoTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    study.optimize(f::evaluate, trials);
                    cpu[seed] = (threads.getCurrentThreadCpuTime() - c0) * 1e-9 * 100.0 / trials;
                    wall[seed] = (System.nanoTime() - w0) * 1e-9 * 100.0 / trials;
                    List<FrozenTrial> history = study.trials();
                    at50[seed] = bestSoFar(history, Math.min(50, trials)) - f.minimum;
                    at100[seed] = bestSoFar(history, trials) - f.minimum;
                }
                rec.put("seeds", seeds);
                rec.put("trials", trials);
                rec.put("median_regret_50", median(at50));
                rec.put("median_regret_100", median(at100));
                rec.put("seconds_per_100_median", median(wall));
                rec.put("cpu_seconds_per_100_median", median(cpu));
                rec.put("regret_100_per_seed", Arrays.stream(at100).boxed().toList());
                ctx.emit(rec);
            }
        }
    }

    private static Method factory(String name) {
        try {
            return Samplers.class.getMethod(name, long.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Sampler create(Method factory, long seed) {
        try {
            return (Sampler) factory.invoke(null, seed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("hpo: Samplers." + factory.getName() + "(" + seed + ") failed", e);
        }
    }

    /** The smallest value among the first {@code n} trials (failed ones skipped). */
    static double bestSoFar(List<FrozenTrial> history, int n) {
        double best = Double.POSITIVE_INFINITY;
        for (FrozenTrial t : history.subList(0, Math.min(n, history.size()))) {
            if (t.values().size() == 1) {
                best = Math.min(best, t.value());
            }
        }
        return best;
    }

    /** The median (mean of the two middle values for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
