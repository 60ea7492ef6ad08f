package dev.kiln.tune.cmaes;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.SearchSpaces;
import dev.kiln.tune.Seeds;
import dev.kiln.tune.Study;
import dev.kiln.tune.TrialState;
import dev.kiln.tune.space.UnitScaling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CMA-ES over the float and int parameters of a study, in the manner of Optuna's CmaEsSampler.
 *
 * <ul>
 *   <li>Search space: the float and int parameters common to every completed trial, each scaled to
 *       [0, 1] by {@link UnitScaling} (log ranges in log space; ints rounded back). The evolution starts
 *       at the centre m = ½ with σ₀ = 1/6 and the default population λ = 4 + ⌊3 ln n⌋ ({@link CmaEs}).</li>
 *   <li>Each trial takes one candidate of the current generation; when λ trials of a generation have
 *       completed, they update the distribution. A pruned or failed trial's candidate is dropped and a new
 *       one drawn in its place.</li>
 *   <li>Categorical parameters, parameters outside the space, and a space that changes (a new CMA-ES is
 *       started then) are handled by independent random sampling, as in Optuna.</li>
 *   <li>Restarts (IPOP, Auger and Hansen 2005): when the run converges or stalls
 *       ({@link CmaEs#shouldStop()}), a new one starts at a random point of the box with σ₀ and twice the
 *       population.</li>
 *   <li>After every generation the distribution (and the restart count) is stored in the study's
 *       attribute {@value #STATE_ATTR}; a sampler that finds it there — e.g. in a study resumed from
 *       storage by another process — continues from it instead of starting again at the centre (the
 *       candidates of a generation left unfinished are drawn anew).</li>
 *   <li>Single-objective only: a multi-objective study is refused.</li>
 * </ul>
 * Run sequentially it is deterministic for its seed.
 */
public final class CmaEsSampler implements Sampler {
    /** The study attribute holding the CMA-ES state after each generation. */
    public static final String STATE_ATTR = "cmaes:state";
    private static final double SIGMA0 = 1.0 / 6.0;

    private final long seed;
    private final int populationSize;
    private final Sampler independent;
    private CmaEs es;
    private int restarts;
    private List<String> esNames = List.of();
    private Map<String, Distribution> esSpace = Map.of();
    private final Map<Integer, double[]> asked = new HashMap<>();
    private final List<CmaEs.Evaluated> generation = new ArrayList<>();

    /** A CMA-ES sampler with the default population size. */
    public CmaEsSampler(long seed) {
        this(seed, 0);
    }

    /**
     * @param seed the seed of every random draw
     * @param populationSize λ, or 0 for 4 + ⌊3 ln n⌋
     */
    public CmaEsSampler(long seed, int populationSize) {
        if (populationSize < 0 || populationSize == 1) {
            throw new IllegalArgumentException("CmaEsSampler: population size must be 0 (default) or >= 2, got "
                    + populationSize);
        }
        this.seed = seed;
        this.populationSize = populationSize;
        this.independent = Samplers.random(seed);
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        if (study.isMultiObjective()) {
            throw new IllegalArgumentException("CmaEsSampler: CMA-ES optimises one objective; this study has "
                    + study.directions().size() + " (use Samplers.nsga2 or Samplers.gp)");
        }
        Map<String, Distribution> space = new LinkedHashMap<>();
        SearchSpaces.intersection(study.trials(), TrialState.COMPLETE).forEach((name, d) -> {
            if (!(d instanceof CategoricalDistribution)) {
                space.put(name, d);
            }
        });
        return space;
    }

    @Override
    public synchronized Map<String, Object> sampleRelative(Study study, FrozenTrial trial,
            Map<String, Distribution> space) {
        if (space.isEmpty()) {
            return Map.of();
        }
        if (es == null || !space.equals(esSpace)) {
            esSpace = Map.copyOf(space);
            // sorted: the map handed in may iterate in a different order in every JVM (Map.copyOf)
            esNames = space.keySet().stream().sorted().toList();
            int n = esNames.size();
            double[] mean = new double[n];
            java.util.Arrays.fill(mean, 0.5);
            es = stored(study, trial.number());
            if (es == null) {
                restarts = 0;
                es = new CmaEs(mean, SIGMA0, new double[n], ones(n), populationSize, Seeds.random(seed, trial.number()));
            }
            asked.clear();
            generation.clear();
        }
        double[] u = es.ask();
        asked.put(trial.number(), u);
        Map<String, Object> params = new LinkedHashMap<>();
        for (int j = 0; j < esNames.size(); j++) {
            Distribution d = esSpace.get(esNames.get(j));
            params.put(esNames.get(j), d.toExternal(UnitScaling.fromUnit(d, u[j])));
        }
        return params;
    }

    @Override
    public synchronized void afterTrial(Study study, FrozenTrial trial, TrialState state, List<Double> values) {
        double[] u = asked.remove(trial.number());
        if (u == null || state != TrialState.COMPLETE || values.size() != 1 || !Double.isFinite(values.getFirst())) {
            return;
        }
        // as Optuna, the distribution learns from the continuous candidate (before rounding onto a grid)
        generation.add(new CmaEs.Evaluated(u, study.direction().asLoss(values.getFirst())));
        if (generation.size() == es.populationSize()) {
            es.tell(List.copyOf(generation));
            generation.clear();
            if (es.shouldStop()) {
                restarts++;
                int n = esNames.size();
                var rng = Seeds.random(seed, trial.number(), restarts);
                double[] mean = new double[n];
                for (int i = 0; i < n; i++) {
                    mean[i] = rng.nextDouble();
                }
                es = new CmaEs(mean, SIGMA0, new double[n], ones(n), 2 * es.populationSize(), rng);
                asked.clear();
            }
            study.setUserAttr(STATE_ATTR, toMap(es.state()));
        }
    }

    /** The number of IPOP restarts so far. */
    public synchronized int restarts() {
        return restarts;
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1.0);
        return a;
    }

    private Map<String, Object> toMap(CmaEs.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("names", esNames);
        m.put("restarts", restarts);
        m.put("population", es.populationSize());
        m.put("mean", s.mean());
        m.put("sigma", s.sigma());
        m.put("sigma0", s.sigma0());
        m.put("c", List.of(s.c()));
        m.put("pSigma", s.pSigma());
        m.put("pC", s.pC());
        m.put("generation", s.generation());
        m.put("recentBest", s.recentBest());
        return m;
    }

    /** The CMA-ES stored in the study for the current parameters, or null when there is none (or another space's). */
    private CmaEs stored(Study study, int trialNumber) {
        if (!(study.userAttrs().get(STATE_ATTR) instanceof Map<?, ?> m) || !esNames.equals(m.get("names"))) {
            return null;
        }
        int n = esNames.size();
        List<?> rows = (List<?>) m.get("c");
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            c[i] = doubles(rows.get(i));
        }
        CmaEs.State state = new CmaEs.State(doubles(m.get("mean")), number(m.get("sigma")), c, doubles(m.get("pSigma")),
                doubles(m.get("pC")), (int) number(m.get("generation")),
                java.util.Arrays.stream(doubles(m.get("recentBest"))).boxed().toList(), number(m.get("sigma0")));
        restarts = (int) number(m.get("restarts"));
        return CmaEs.restore(state, new double[n], ones(n), (int) number(m.get("population")), Seeds.random(seed, trialNumber));
    }

    private static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(CmaEsSampler::number).toArray();
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        return independent.sampleIndependent(study, trial, name, distribution);
    }
}
