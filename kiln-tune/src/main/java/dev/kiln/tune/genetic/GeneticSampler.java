package dev.kiln.tune.genetic;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.Distributions;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.SearchSpaces;
import dev.kiln.tune.Seeds;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.TrialState;
import dev.kiln.tune.space.UnitScaling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A genetic algorithm on mixed search spaces with NSGA-II's elitist selection (Deb et al. 2002), in the
 * manner of Optuna's NSGAIISampler; for one objective it is an elitist (μ + λ) GA.
 *
 * <ul>
 *   <li>Trials are grouped into generations of {@code populationSize} in the order they start; generation 0
 *       is drawn at random.</li>
 *   <li>The parents of generation g are the {@code populationSize} best of generation g−1's completed trials
 *       and generation g−1's parents: ranked by non-dominated sorting of the losses (Deb's constrained
 *       domination when trials carry constraints), the last front cut by crowding distance.</li>
 *   <li>A child takes two parents by binary tournament (rank, then crowding distance); with probability
 *       {@code crossoverProbability} each numeric gene is an SBX child (η_c = 20) of the parents' genes
 *       scaled to [0, 1] and each categorical gene is taken from either parent (uniform crossover),
 *       otherwise the first parent is copied; then each gene mutates with probability 1/(number of genes):
 *       polynomial mutation (η_m = 20) for numbers, a random choice for categoricals.</li>
 *   <li>Parameters outside the common space (conditional ones) are inherited from the first parent when it
 *       has them (with the same mutation probability of being redrawn), drawn at random otherwise.</li>
 * </ul>
 * Run sequentially, a study is deterministic for its seed (draws keyed by seed and trial number).
 */
public final class GeneticSampler implements Sampler {
    private static final double ETA_CROSSOVER = 20;
    private static final double ETA_MUTATION = 20;
    private final long seed;
    private final int populationSize;
    private final double crossoverProbability;
    private final Sampler independent;
    private final Map<Integer, Integer> generationOf = new HashMap<>();
    private final Map<Integer, Integer> startedIn = new HashMap<>();
    private final Map<Integer, List<FrozenTrial>> parents = new HashMap<>();
    private final Map<Integer, FrozenTrial> primaryParent = new HashMap<>();
    private int currentGeneration;

    /**
     * @param seed the seed of every random draw
     * @param populationSize trials per generation, ≥ 2
     * @param crossoverProbability the probability that a child is a crossover of its parents, in [0, 1]
     */
    public GeneticSampler(long seed, int populationSize, double crossoverProbability) {
        if (populationSize < 2) {
            throw new IllegalArgumentException("GeneticSampler: population size must be >= 2, got " + populationSize);
        }
        if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
            throw new IllegalArgumentException("GeneticSampler: crossover probability must be in [0, 1], got "
                    + crossoverProbability);
        }
        this.seed = seed;
        this.populationSize = populationSize;
        this.crossoverProbability = crossoverProbability;
        this.independent = Samplers.random(seed);
    }

    /** The number of trials per generation. */
    public int populationSize() {
        return populationSize;
    }

    @Override
    public synchronized void beforeTrial(Study study, FrozenTrial trial) {
        int g = currentGeneration;
        generationOf.put(trial.number(), g);
        int count = startedIn.merge(g, 1, Integer::sum);
        if (count >= populationSize) {
            currentGeneration++;
        }
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        return SearchSpaces.intersection(study.trials(), TrialState.COMPLETE);
    }

    @Override
    public synchronized Map<String, Object> sampleRelative(Study study, FrozenTrial trial,
            Map<String, Distribution> space) {
        int g = generationOf.getOrDefault(trial.number(), 0);
        List<FrozenTrial> pool = g == 0 ? List.of() : parentsOf(study, g);
        if (pool.size() < 2) {
            return Map.of();
        }
        SplittableRandom rng = Seeds.random(seed, trial.number(), 1);
        int n = pool.size();
        double[][] losses = losses(study, pool);
        int[] rank = new int[n];
        double[] crowding = new double[n];
        ParetoRanking.select(losses, violations(pool), n, rank, crowding);
        FrozenTrial p1 = pool.get(GeneticOperators.tournament(rank, crowding, rng));
        FrozenTrial p2 = pool.get(GeneticOperators.tournament(rank, crowding, rng));
        primaryParent.put(trial.number(), p1);
        boolean cross = rng.nextDouble() < crossoverProbability;
        double mutation = 1.0 / Math.max(1, space.size());
        Map<String, Object> child = new LinkedHashMap<>();
        // by sorted name: the map handed in may iterate in a different order in every JVM (Map.copyOf)
        for (String name : space.keySet().stream().sorted().toList()) {
            Distribution d = space.get(name);
            double a = p1.internal(name);
            double b = p2.internal(name);
            double v;
            if (d instanceof CategoricalDistribution c) {
                v = cross && rng.nextBoolean() ? b : a;
                if (rng.nextDouble() < mutation) {
                    v = rng.nextInt(c.size());
                }
            } else {
                double u = UnitScaling.toUnit(d, a);
                if (cross) {
                    u = GeneticOperators.sbx(u, UnitScaling.toUnit(d, b), ETA_CROSSOVER, rng);
                }
                if (rng.nextDouble() < mutation) {
                    u = GeneticOperators.polynomialMutation(u, ETA_MUTATION, rng);
                }
                v = UnitScaling.fromUnit(d, u);
            }
            child.put(name, d.toExternal(v));
        }
        return child;
    }

    /** The parents of generation g (g ≥ 1), computed once from generation g−1 and its parents. */
    private List<FrozenTrial> parentsOf(Study study, int g) {
        List<FrozenTrial> cached = parents.get(g);
        if (cached != null) {
            return cached;
        }
        List<FrozenTrial> candidates = new ArrayList<>(g >= 2 ? parentsOf(study, g - 1) : List.of());
        for (FrozenTrial t : study.trials(TrialState.COMPLETE)) {
            if (generationOf.getOrDefault(t.number(), -1) == g - 1) {
                candidates.add(t);
            }
        }
        candidates.sort(Comparator.comparingInt(FrozenTrial::number));
        List<FrozenTrial> chosen = new ArrayList<>();
        if (!candidates.isEmpty()) {
            int[] picked = ParetoRanking.select(losses(study, candidates), violations(candidates), populationSize,
                    null, null);
            for (int i : picked) {
                chosen.add(candidates.get(i));
            }
        }
        List<FrozenTrial> result = List.copyOf(chosen);
        parents.put(g, result);
        return result;
    }

    private static double[][] losses(Study study, List<FrozenTrial> trials) {
        List<StudyDirection> directions = study.directions();
        double[][] l = new double[trials.size()][directions.size()];
        for (int i = 0; i < l.length; i++) {
            for (int k = 0; k < directions.size(); k++) {
                l[i][k] = directions.get(k).asLoss(trials.get(i).values().get(k));
            }
        }
        return l;
    }

    private static double[] violations(List<FrozenTrial> trials) {
        double[] v = new double[trials.size()];
        for (int i = 0; i < v.length; i++) {
            for (double c : trials.get(i).constraints()) {
                v[i] += Double.isNaN(c) ? Double.MAX_VALUE : Math.max(0, c);
            }
        }
        return v;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        FrozenTrial parent;
        synchronized (this) {
            parent = primaryParent.get(trial.number());
        }
        if (parent != null && parent.params().containsKey(name)
                && Distributions.compatible(parent.distributions().get(name), distribution)) {
            SplittableRandom rng = Seeds.random(seed, trial.number(), Seeds.key(name), 2);
            if (rng.nextDouble() >= 1.0 / Math.max(1, parent.params().size())) {
                return parent.params().get(name);
            }
        }
        return independent.sampleIndependent(study, trial, name, distribution);
    }

    @Override
    public synchronized void afterTrial(Study study, FrozenTrial trial, TrialState state, List<Double> values) {
        primaryParent.remove(trial.number());
    }
}
