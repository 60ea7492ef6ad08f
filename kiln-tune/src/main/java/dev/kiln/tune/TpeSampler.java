package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023), as Optuna 5.0's
 * TPESampler with its defaults.
 *
 * <p>After {@code startupTrials} random trials, the finished trials are split into the best
 * γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"); a {@link ParzenEstimator} l(x) is fitted
 * to the first, g(x) to the second. {@code eiCandidates} points are drawn from l and the one with
 * the largest l(x)/g(x) — which maximises expected improvement under TPE's model — is proposed.
 * Kernel widths have a floor of {@code minBandwidth} × the range (4% by default) instead of
 * Optuna's magic clip range/(n + 2), which keeps the ~10 kernels of l(x) at ≥ 8% of the range and
 * so slows the final approach to an optimum (docs/benchmarks.md, hpo). {@link TpeOptions#gamma()} changes the
 * fraction 0.1, and {@link TpeOptions.BelowWeights#RANK} weights the below observations in l(x) by rank
 * (1 − r/(nb − 1)) instead of uniformly ({@link TpeOptions#rankWeighted()}).
 * Single-objective studies model all the parameters of the intersection search space jointly
 * (multivariate TPE); parameters outside it, and multi-objective studies, are modelled one at a time.
 *
 * <p>Ranking: complete feasible trials by value, then pruned trials by (furthest step, last
 * intermediate value), then infeasible trials by their total violation; for several objectives the
 * complete ones by non-domination rank, ties broken by greedy hypervolume subset selection.
 * With the constant liar, RUNNING trials (their jointly sampled parameters) join g, so that
 * parallel workers do not all propose the same point.
 */
final class TpeSampler implements Sampler {
    /** System attribute holding the joint sample of a running trial, for the constant liar. */
    static final String RELATIVE_PARAMS = "tpe:relative_params";

    private final long seed;
    private final TpeOptions options;
    private final RandomSampler random;

    TpeSampler(long seed, TpeOptions options) {
        this.seed = seed;
        this.options = options;
        this.random = new RandomSampler(seed);
    }

    private boolean multivariate(Study study) {
        return switch (options.multivariate()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> !study.isMultiObjective();
        };
    }

    private boolean constantLiar() {
        return options.constantLiar() != TpeOptions.Mode.OFF;
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        if (!multivariate(study)) {
            return Map.of();
        }
        return SearchSpaces.intersection(study.trials(), TrialState.COMPLETE, TrialState.PRUNED);
    }

    @Override
    public Map<String, Object> sampleRelative(Study study, FrozenTrial trial, Map<String, Distribution> space) {
        if (space.isEmpty()) {
            return Map.of();
        }
        List<FrozenTrial> all = study.trials();
        if (countFinished(all) < options.startupTrials()) {
            return Map.of();
        }
        Map<String, Object> params = sample(study, all, trial, space, Seeds.random(seed, trial.number(), 0x5E1A7L));
        if (constantLiar() && !params.isEmpty()) {
            study.storage().setSystemAttr(study.id(), trial.number(), RELATIVE_PARAMS, new LinkedHashMap<>(params));
        }
        return params;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        List<FrozenTrial> all = study.trials();
        if (countFinished(all) < options.startupTrials()) {
            return random.sampleIndependent(study, trial, name, distribution);
        }
        SplittableRandom rng = Seeds.random(seed, trial.number(), Seeds.key(name));
        return sample(study, all, trial, Map.of(name, distribution), rng).get(name);
    }

    private static int countFinished(List<FrozenTrial> trials) {
        int n = 0;
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED) {
                n++;
            }
        }
        return n;
    }

    /** The size of the below set: min(⌈fraction·n⌉, 25) for one objective, Optuna's ⌈0.1·n⌉ for several. */
    static int gamma(int n, boolean multiObjective, double fraction) {
        return multiObjective ? (int) Math.ceil(0.1 * n) : Math.min((int) Math.ceil(fraction * n), 25);
    }

    private Map<String, Object> sample(Study study, List<FrozenTrial> all, FrozenTrial current,
                                       Map<String, Distribution> space, SplittableRandom rng) {
        List<FrozenTrial> trials = new ArrayList<>();
        for (FrozenTrial t : all) {
            boolean use = t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED
                    || (constantLiar() && t.state() == TrialState.RUNNING);
            if (use && t.number() != current.number()) {
                trials.add(t);
            }
        }
        int n = (int) trials.stream().filter(t -> t.state() != TrialState.RUNNING).count();
        List<List<FrozenTrial>> split = split(study, trials, gamma(n, study.isMultiObjective(), options.gamma()));
        // sorted: the candidates' random draws go to the parameters in this order, which must not depend on the map's
        List<String> names = space.keySet().stream().sorted().toList();
        List<Distribution> dists = names.stream().map(space::get).toList();
        List<FrozenTrial> belowTrials = withEvery(split.get(0), names, dists);
        double[][] below = observations(belowTrials, names, dists);
        double[][] above = observations(withEvery(split.get(1), names, dists), names, dists);
        double[] belowWeights = null;
        if (study.isMultiObjective()) {
            belowWeights = new double[below.length];
            java.util.Arrays.fill(belowWeights, 1.0);
        } else if (options.belowWeights() == TpeOptions.BelowWeights.RANK && below.length > 1) {
            belowWeights = rankWeights(study, belowTrials);
        }
        ParzenEstimator l = new ParzenEstimator(below, dists, belowWeights, options.minBandwidth());
        ParzenEstimator g = new ParzenEstimator(above, dists, null, options.minBandwidth());
        double[][] candidates = l.sample(rng, options.eiCandidates());
        double[] ll = l.logPdf(candidates);
        double[] lg = g.logPdf(candidates);
        int best = 0;
        for (int i = 1; i < candidates.length; i++) {
            if (ll[i] - lg[i] > ll[best] - lg[best]) {
                best = i;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            out.put(names.get(j), dists.get(j).toExternal(candidates[best][j]));
        }
        return out;
    }

    /**
     * {@link TpeOptions.BelowWeights#RANK} for a single-objective study: the weight 1 − r/(nb − 1) of each of the
     * nb ≥ 2 below trials (in their order), r being its rank in {@link #split}'s order (0 = best).
     */
    static double[] rankWeights(Study study, List<FrozenTrial> below) {
        List<FrozenTrial> ranked = below.stream().sorted(rankOrder(study)).toList();
        double[] w = new double[below.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 - ranked.indexOf(below.get(i)) / (double) (w.length - 1);
        }
        return w;
    }

    /** The trials that hold every parameter of the space with a value inside its distribution. */
    private static List<FrozenTrial> withEvery(List<FrozenTrial> trials, List<String> names, List<Distribution> dists) {
        return trials.stream().filter(t -> internal(t, names, dists) != null).toList();
    }

    /** The internal values of the trials (each must hold every parameter: {@link #withEvery}). */
    private static double[][] observations(List<FrozenTrial> trials, List<String> names, List<Distribution> dists) {
        return trials.stream().map(t -> internal(t, names, dists)).toArray(double[][]::new);
    }

    /** A trial's internal values for the space (running ones: their joint sample too), or null if one is missing. */
    private static double[] internal(FrozenTrial t, List<String> names, List<Distribution> dists) {
        Map<String, Object> params = paramsOf(t);
        double[] row = new double[names.size()];
        for (int j = 0; j < names.size(); j++) {
            Object v = params.get(names.get(j));
            Distribution stored = t.distributions().get(names.get(j));
            if (v == null || (stored != null && !Distributions.compatible(stored, dists.get(j)))) {
                return null;
            }
            try {
                row[j] = dists.get(j).toInternal(v);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (!dists.get(j).contains(row[j])) {
                return null;
            }
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> paramsOf(FrozenTrial t) {
        if (t.state() != TrialState.RUNNING) {
            return t.params();
        }
        Object rel = t.systemAttrs().get(RELATIVE_PARAMS);
        if (!(rel instanceof Map<?, ?> m)) {
            return t.params();
        }
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) m);
        merged.putAll(t.params());
        return merged;
    }

    private static double violation(FrozenTrial t) {
        double s = 0;
        for (double c : t.constraints()) {
            if (c > 0) {
                s += c;
            }
        }
        return s;
    }

    /**
     * The order of {@link #split} for one objective, best first: complete feasible trials by value, then pruned
     * trials, then infeasible ones by violation; ties by trial number.
     */
    private static Comparator<FrozenTrial> rankOrder(Study study) {
        Comparator<FrozenTrial> byKind = Comparator.comparingInt(t -> violation(t) > 0 ? 2 : t.state() == TrialState.PRUNED ? 1 : 0);
        return byKind.thenComparing((a, b) -> {
            if (violation(a) > 0) {
                return Double.compare(violation(a), violation(b));
            }
            if (a.state() == TrialState.PRUNED) {
                return prunedOrder(study).compare(a, b);
            }
            return Double.compare(study.direction().asLoss(a.value()), study.direction().asLoss(b.value()));
        }).thenComparingInt(FrozenTrial::number);
    }

    /** Optuna's _split_trials: [below, above], each sorted by number. */
    static List<List<FrozenTrial>> split(Study study, List<FrozenTrial> trials, int nBelow) {
        List<FrozenTrial> complete = new ArrayList<>();
        List<FrozenTrial> pruned = new ArrayList<>();
        List<FrozenTrial> running = new ArrayList<>();
        List<FrozenTrial> infeasible = new ArrayList<>();
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.RUNNING) {
                running.add(t);
            } else if (violation(t) > 0) {
                infeasible.add(t);
            } else if (t.state() == TrialState.COMPLETE) {
                complete.add(t);
            } else if (t.state() == TrialState.PRUNED) {
                pruned.add(t);
            }
        }
        List<FrozenTrial> below = new ArrayList<>();
        List<FrozenTrial> above = new ArrayList<>(running);

        int k = Math.min(nBelow, complete.size());
        List<FrozenTrial> completeBelow = study.isMultiObjective()
                ? belowMultiObjective(complete, study.directions(), k)
                : complete.stream().sorted(Comparator.comparingDouble(t -> study.direction().asLoss(t.value())))
                        .limit(k).toList();
        below.addAll(completeBelow);
        for (FrozenTrial t : complete) {
            if (!completeBelow.contains(t)) {
                above.add(t);
            }
        }
        nBelow = Math.max(0, nBelow - completeBelow.size());

        List<FrozenTrial> prunedSorted = pruned.stream().sorted(prunedOrder(study)).toList();
        int kp = Math.min(nBelow, prunedSorted.size());
        below.addAll(prunedSorted.subList(0, kp));
        above.addAll(prunedSorted.subList(kp, prunedSorted.size()));
        nBelow = Math.max(0, nBelow - kp);

        List<FrozenTrial> infeasibleSorted = infeasible.stream().sorted(Comparator.comparingDouble(TpeSampler::violation)).toList();
        int ki = Math.min(nBelow, infeasibleSorted.size());
        below.addAll(infeasibleSorted.subList(0, ki));
        above.addAll(infeasibleSorted.subList(ki, infeasibleSorted.size()));

        below.sort(Comparator.comparingInt(FrozenTrial::number));
        above.sort(Comparator.comparingInt(FrozenTrial::number));
        return List.of(below, above);
    }

    /** Pruned trials: furthest step first, then the better last intermediate value (NaN last). */
    private static Comparator<FrozenTrial> prunedOrder(Study study) {
        return Comparator.<FrozenTrial>comparingDouble(t -> t.intermediateValues().isEmpty() ? 1 : -t.intermediateValues().lastKey())
                .thenComparingDouble(t -> {
                    if (t.intermediateValues().isEmpty()) {
                        return 0.0;
                    }
                    double v = t.lastIntermediateValue();
                    return Double.isNaN(v) ? Double.POSITIVE_INFINITY
                            : (study.isMultiObjective() ? v : study.direction().asLoss(v));
                });
    }

    private static List<FrozenTrial> belowMultiObjective(List<FrozenTrial> complete, List<StudyDirection> dirs, int k) {
        if (k == 0) {
            return List.of();
        }
        if (k >= complete.size()) {
            return complete;
        }
        double[][] losses = new double[complete.size()][dirs.size()];
        for (int i = 0; i < complete.size(); i++) {
            for (int j = 0; j < dirs.size(); j++) {
                losses[i][j] = dirs.get(j).asLoss(complete.get(i).values().get(j));
            }
        }
        int[] rank = Hypervolume.nonDominationRanks(losses);
        List<FrozenTrial> below = new ArrayList<>();
        for (int r = 0; below.size() < k; r++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == r) {
                    members.add(i);
                }
            }
            if (below.size() + members.size() <= k) {
                for (int i : members) {
                    below.add(complete.get(i));
                }
            } else {
                double[][] pts = new double[members.size()][];
                for (int i = 0; i < pts.length; i++) {
                    pts[i] = losses[members.get(i)];
                }
                double[] ref = referencePoint(pts);
                for (int idx : Hypervolume.greedySubset(pts, k - below.size(), ref)) {
                    below.add(complete.get(members.get(idx)));
                }
            }
        }
        return below;
    }

    /** Optuna's reference point: max(1.1·worst, 0.9·worst) per objective, 1e-12 where that is 0. */
    private static double[] referencePoint(double[][] pts) {
        double[] ref = new double[pts[0].length];
        for (int j = 0; j < ref.length; j++) {
            double worst = Double.NEGATIVE_INFINITY;
            for (double[] p : pts) {
                worst = Math.max(worst, p[j]);
            }
            ref[j] = Math.max(1.1 * worst, 0.9 * worst);
            if (ref[j] == 0) {
                ref[j] = 1e-12;
            }
        }
        return ref;
    }
}
