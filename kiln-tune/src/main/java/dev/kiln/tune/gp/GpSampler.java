package dev.kiln.tune.gp;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.SearchSpaces;
import dev.kiln.tune.Seeds;
import dev.kiln.tune.Sobol;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.TrialState;
import dev.kiln.tune.space.UnitScaling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation with a Gaussian process, in the manner of Optuna's GPSampler.
 *
 * <ul>
 *   <li>Search space: the intersection of the completed trials' spaces; floats and ints scaled to [0, 1]
 *       ({@link UnitScaling}: log ranges in log space, ints and stepped floats on their grid), categoricals
 *       as choice indices compared by equality in the kernel.</li>
 *   <li>The first {@code startupTrials} trials (10) and every parameter outside that space are drawn by
 *       independent random sampling.</li>
 *   <li>Model: Matérn-5/2 ARD kernel on the standardised losses (negated, to maximise), hyper-parameters
 *       fitted by MAP ({@link KernelFit}) from two starts: the previous fit and the default.</li>
 *   <li>Acquisition: log expected improvement over the best value, maximised from 2048 scrambled-Sobol
 *       screening points and 10 local searches ({@link AcquisitionOptimizer}).</li>
 *   <li>Constraints (trials with {@code constraints}, feasible when every value is ≤ 0): one GP per
 *       constraint on its standardised values, and a(x) = log EI(x) + Σ_k log P[c_k(x) ≤ 0], the best value
 *       taken over feasible trials only (log EI is left out while none is feasible).</li>
 *   <li>Several objectives: ParEGO — each trial minimises a fresh random augmented Chebyshev scalarisation
 *       max_k w_k f̂_k + 0.05 Σ_k w_k f̂_k of the objectives scaled to [0, 1], w uniform on the simplex.</li>
 *   <li>Running trials (parallel studies): "kriging believer" — their points join the data with the
 *       posterior mean as value, so that concurrent trials spread out.</li>
 * </ul>
 * Random draws come from streams keyed by (seed, trial number); run sequentially, a study is deterministic
 * for its seed. Calls are serialised (the sampler is safe, not concurrent).
 */
public final class GpSampler implements Sampler {
    private static final int GRID_LIMIT = 1 << 14;
    private final long seed;
    private final int startupTrials;
    private final Sampler independent;
    private final BayesianOptimization optimization = new BayesianOptimization(2048, 10);
    private final List<BayesianOptimization> constraintModels = new ArrayList<>();

    /** A GP sampler with 10 random startup trials. */
    public GpSampler(long seed) {
        this(seed, 10);
    }

    /**
     * @param seed the seed of every random draw
     * @param startupTrials completed trials drawn at random before the GP is used (≥ 1)
     */
    public GpSampler(long seed, int startupTrials) {
        if (startupTrials < 1) {
            throw new IllegalArgumentException("GpSampler: startupTrials must be >= 1, got " + startupTrials);
        }
        this.seed = seed;
        this.startupTrials = startupTrials;
        this.independent = Samplers.random(seed);
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        return SearchSpaces.intersection(study.trials(), TrialState.COMPLETE);
    }

    @Override
    public synchronized Map<String, Object> sampleRelative(Study study, FrozenTrial trial,
            Map<String, Distribution> space) {
        if (space.isEmpty()) {
            return Map.of();
        }
        List<FrozenTrial> done = study.trials(TrialState.COMPLETE).stream()
                .filter(t -> t.distributions().keySet().containsAll(space.keySet()))
                .toList();
        if (done.size() < startupTrials) {
            return Map.of();
        }
        // sorted: the map handed in may iterate in a different order in every JVM (Map.copyOf)
        List<String> names = space.keySet().stream().sorted().toList();
        SearchBox box = box(space, names);
        double[][] x = new double[done.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = encode(done.get(i), space, names);
        }
        SplittableRandom rng = Seeds.random(seed, trial.number());
        double[] utility = utilities(study, done, rng);
        double[] point = propose(study, trial, box, x, utility, done, space, names, rng);
        Map<String, Object> params = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            Distribution d = space.get(names.get(j));
            double internal = d instanceof CategoricalDistribution
                    ? Math.rint(point[j])
                    : UnitScaling.fromUnit(d, point[j]);
            params.put(names.get(j), d.toExternal(internal));
        }
        return params;
    }

    private double[] propose(Study study, FrozenTrial trial, SearchBox box, double[][] x, double[] utility,
            List<FrozenTrial> done, Map<String, Distribution> space, List<String> names, SplittableRandom rng) {
        int d = box.size();
        // screening points: scrambled Sobol, as Optuna (uniform beyond Sobol's 256 dimensions)
        java.util.function.Function<Integer, double[][]> unitPoints = m -> {
            double[][] u = new double[m][];
            Sobol sobol = d <= 256 ? new Sobol(d, rng.nextLong(), Sobol.Scrambling.SCRAMBLED) : null;
            for (int i = 0; i < m; i++) {
                if (sobol != null) {
                    u[i] = sobol.point(i);
                } else {
                    u[i] = new double[d];
                    for (int j = 0; j < d; j++) {
                        u[i][j] = rng.nextDouble();
                    }
                }
            }
            return u;
        };
        List<double[]> running = new ArrayList<>();
        for (FrozenTrial t : study.trials(TrialState.RUNNING)) {
            if (t.number() != trial.number() && t.distributions().keySet().containsAll(space.keySet())) {
                running.add(encode(t, space, names));
            }
        }
        int constraintCount = done.getFirst().constraints().size();
        boolean constrained = constraintCount > 0
                && done.stream().allMatch(t -> t.constraints().size() == constraintCount);
        if (!constrained && running.isEmpty()) {
            return optimization.propose(box, x, utility, unitPoints, rng);
        }
        GaussianProcess gp = believe(optimization.fit(box, x, utility), x, running);
        double[] y = BayesianOptimization.standardize(utility);
        double best = Double.NEGATIVE_INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < y.length; i++) {
            if ((!constrained || done.get(i).feasible()) && y[i] > best) {
                best = y[i];
                bestIndex = i;
            }
        }
        List<Acquisition> parts = new ArrayList<>();
        if (bestIndex >= 0) {
            parts.add(new LogEiAcquisition(gp, best));
        }
        if (constrained) {
            while (constraintModels.size() < constraintCount) {
                constraintModels.add(new BayesianOptimization(1, 1));
            }
            for (int k = 0; k < constraintCount; k++) {
                double[] negated = new double[done.size()];
                for (int i = 0; i < negated.length; i++) {
                    negated[i] = -done.get(i).constraints().get(k);
                }
                GaussianProcess cgp = believe(constraintModels.get(k).fit(box, x, negated), x, running);
                parts.add(new LogFeasibility(cgp, BayesianOptimization.threshold(negated, 0.0)));
            }
        }
        Acquisition acquisition = new SumAcquisition(parts);
        double[][] unit = unitPoints.apply(2048);
        double[][] screen = new double[unit.length][];
        for (int i = 0; i < unit.length; i++) {
            screen[i] = box.fromUnit(unit[i]);
        }
        double[][] warm = bestIndex >= 0 ? new double[][] {x[bestIndex].clone()} : new double[0][];
        return new AcquisitionOptimizer(10, 1e-4).maximize(acquisition, box, screen, warm, rng).x();
    }

    /** The GP with running points added at their posterior means (same hyper-parameters). */
    private static GaussianProcess believe(GaussianProcess gp, double[][] x, List<double[]> running) {
        if (running.isEmpty()) {
            return gp;
        }
        double[][] all = new double[x.length + running.size()][];
        double[] y = new double[all.length];
        double[] fitted = gp.trainingTargets();
        for (int i = 0; i < x.length; i++) {
            all[i] = x[i];
            y[i] = fitted[i];
        }
        for (int r = 0; r < running.size(); r++) {
            all[x.length + r] = running.get(r);
            y[x.length + r] = gp.mean(running.get(r));
        }
        return new GaussianProcess(all, gp.categoricalMask(), y, gp.params());
    }

    /** Values to maximise: −loss, or −(ParEGO scalarisation) for several objectives. */
    private static double[] utilities(Study study, List<FrozenTrial> done, SplittableRandom rng) {
        List<StudyDirection> directions = study.directions();
        int m = directions.size();
        int n = done.size();
        double[][] loss = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                loss[i][k] = directions.get(k).asLoss(done.get(i).values().get(k));
            }
        }
        double[] u = new double[n];
        if (m == 1) {
            for (int i = 0; i < n; i++) {
                u[i] = -loss[i][0];
            }
            return clampInfinite(u);
        }
        double[] w = new double[m];
        double sum = 0;
        for (int k = 0; k < m; k++) {
            w[k] = -Math.log(1.0 - rng.nextDouble());
            sum += w[k];
        }
        for (int k = 0; k < m; k++) {
            w[k] /= sum;
        }
        for (int k = 0; k < m; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] l : loss) {
                lo = Math.min(lo, l[k]);
                hi = Math.max(hi, l[k]);
            }
            for (double[] l : loss) {
                l[k] = hi > lo ? (l[k] - lo) / (hi - lo) : 0.0;
            }
        }
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double total = 0;
            for (int k = 0; k < m; k++) {
                max = Math.max(max, w[k] * loss[i][k]);
                total += w[k] * loss[i][k];
            }
            u[i] = -(max + 0.05 * total);
        }
        return clampInfinite(u);
    }

    /** ±∞ replaced by the extreme finite values (as Optuna's warn_and_convert_inf). */
    private static double[] clampInfinite(double[] u) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : u) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (int i = 0; i < u.length; i++) {
            if (!Double.isFinite(u[i])) {
                u[i] = Double.isInfinite(lo) ? 0.0 : u[i] > 0 ? hi : lo;
            }
        }
        return u;
    }

    private static SearchBox box(Map<String, Distribution> space, List<String> names) {
        List<SearchBox.Dimension> dims = new ArrayList<>();
        for (String name : names) {
            Distribution d = space.get(name);
            if (d instanceof CategoricalDistribution c) {
                dims.add(new SearchBox.Categorical(c.size()));
            } else {
                double[] grid = UnitScaling.grid(d, GRID_LIMIT);
                dims.add(grid == null ? new SearchBox.Continuous() : new SearchBox.Discrete(grid));
            }
        }
        return new SearchBox(dims);
    }

    private static double[] encode(FrozenTrial t, Map<String, Distribution> space, List<String> names) {
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) {
            Distribution d = space.get(names.get(j));
            double internal = t.internal(names.get(j));
            x[j] = d instanceof CategoricalDistribution ? internal : UnitScaling.toUnit(d, internal);
        }
        return x;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        return independent.sampleIndependent(study, trial, name, distribution);
    }
}
