package dev.kiln.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Grid search (Optuna's GridSampler): every combination of the given values is tried once, in an
 * order shuffled by the seed; trial i takes combination i of that order, so parallel and sequential
 * studies try the same combinations. When every combination has been started the sampler stops
 * the study ({@link Study#stop()}); further trials go round the grid again.
 */
final class GridSampler implements Sampler {
    private final List<String> names;
    private final List<List<Object>> values;
    private final int[] order;

    GridSampler(Map<String, ? extends List<?>> grid, long seed) {
        if (grid == null || grid.isEmpty()) {
            throw new IllegalArgumentException("grid: needs at least one parameter with values");
        }
        names = new ArrayList<>(grid.keySet());
        values = new ArrayList<>();
        long size = 1;
        for (String n : names) {
            List<?> v = grid.get(n);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("grid: parameter '" + n + "' has no values");
            }
            values.add(new ArrayList<>(v));
            size *= v.size();
            if (size > 10_000_000) {
                throw new IllegalArgumentException("grid: more than 10,000,000 combinations");
            }
        }
        order = new int[(int) size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Seeds.random(seed, 0x6121DL);
        for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The number of combinations. */
    int size() {
        return order.length;
    }

    /** The values of combination {@code id} (mixed radix, the first parameter varying slowest). */
    Map<String, Object> combination(int id) {
        Map<String, Object> out = new LinkedHashMap<>();
        int rest = id;
        for (int p = names.size() - 1; p >= 0; p--) {
            int k = values.get(p).size();
            out.put(names.get(p), values.get(p).get(rest % k));
            rest /= k;
        }
        return out;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        int idx = names.indexOf(name);
        if (idx < 0) {
            throw new IllegalArgumentException("grid: parameter '" + name + "' is not in the grid " + names);
        }
        Object v = combination(order[trial.number() % order.length]).get(name);
        double internal;
        try {
            internal = distribution.toInternal(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grid: value " + v + " of '" + name + "' does not fit " + distribution, e);
        }
        if (!distribution.contains(internal)) {
            throw new IllegalArgumentException("grid: value " + v + " of '" + name + "' is outside " + distribution);
        }
        return distribution.toExternal(internal);
    }

    @Override
    public void afterTrial(Study study, FrozenTrial trial, TrialState state, List<Double> values) {
        if (study.trials().size() >= order.length) {
            study.stop();
        }
    }
}
