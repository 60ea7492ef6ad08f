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
 *   <li>Single-objective only: a multi-objective study is refused.</li>
 * </ul>
 * The state lives in the sampler (one process); run sequentially it is deterministic for its seed.
 */
public final class CmaEsSampler implements Sampler {
    private final long seed;
    private final int populationSize;
    private final Sampler independent;
    private CmaEs es;
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
            double[] lower = new double[n];
            double[] upper = new double[n];
            java.util.Arrays.fill(mean, 0.5);
            java.util.Arrays.fill(upper, 1.0);
            es = new CmaEs(mean, 1.0 / 6.0, lower, upper, populationSize, Seeds.random(seed, trial.number()));
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
        }
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        return independent.sampleIndependent(study, trial, name, distribution);
    }
}
