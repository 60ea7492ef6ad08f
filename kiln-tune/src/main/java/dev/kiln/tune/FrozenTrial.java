package dev.kiln.tune;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A read-only snapshot of one trial, as Optuna's FrozenTrial: what samplers, pruners and analyses read.
 *
 * @param number             the trial's number in its study, from 0, in order of creation
 * @param state              RUNNING, COMPLETE, PRUNED, FAIL or WAITING
 * @param params             the parameters suggested so far, by name, as external values
 *                           (Double, Integer, or the categorical choice), in order of suggestion
 * @param distributions      each parameter's distribution, by name
 * @param values             the objective values (one per study direction) when COMPLETE; for PRUNED
 *                           the last intermediate value if there was one; empty otherwise
 * @param intermediateValues the values given to {@link Trial#report}, by step
 * @param constraints        constraint values (≤ 0 means satisfied), empty when none were set
 * @param userAttrs          user attributes (strings, numbers, booleans, lists, maps)
 * @param systemAttrs        attributes kept by the library (fixed parameters of enqueued trials, fail reason…)
 * @param start              when the trial started, or null while WAITING
 * @param complete           when it finished, or null
 */
public record FrozenTrial(
        int number,
        TrialState state,
        Map<String, Object> params,
        Map<String, Distribution> distributions,
        List<Double> values,
        SortedMap<Integer, Double> intermediateValues,
        List<Double> constraints,
        Map<String, Object> userAttrs,
        Map<String, Object> systemAttrs,
        Instant start,
        Instant complete) {

    /** Copies every collection, so that a snapshot never changes. */
    public FrozenTrial {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        values = List.copyOf(values);
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        constraints = List.copyOf(constraints);
        userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
        systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
    }

    /** The single objective value; fails for multi-objective or unfinished trials. */
    public double value() {
        if (values.size() != 1) {
            throw new IllegalStateException("trial " + number + " has " + values.size()
                    + " values (" + state + "); value() needs exactly one");
        }
        return values.getFirst();
    }

    /** The internal (sampler) representation of a parameter: its value, or a categorical's index. */
    public double internal(String name) {
        Distribution d = distributions.get(name);
        if (d == null) {
            throw new IllegalArgumentException("trial " + number + " has no parameter '" + name + "'");
        }
        return d.toInternal(params.get(name));
    }

    /** The last reported intermediate value, or NaN when none was reported. */
    public double lastIntermediateValue() {
        return intermediateValues.isEmpty() ? Double.NaN : intermediateValues.get(intermediateValues.lastKey());
    }

    /** True when every constraint is ≤ 0 (a trial without constraints is feasible). */
    public boolean feasible() {
        for (double c : constraints) {
            if (!(c <= 0)) {
                return false;
            }
        }
        return true;
    }
}
