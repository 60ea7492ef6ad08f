package dev.kiln.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Search spaces inferred from a study's history, for samplers that sample jointly. */
public final class SearchSpaces {
    private SearchSpaces() {
    }

    /**
     * Optuna's intersection search space: the parameters present, with the same distribution, in
     * every trial in one of the given states (usually COMPLETE, or COMPLETE and PRUNED); empty before the first.
     * Parameters whose range holds a single value are left out. Sorted by name.
     */
    public static Map<String, Distribution> intersection(List<FrozenTrial> trials, TrialState first, TrialState... more) {
        java.util.EnumSet<TrialState> states = java.util.EnumSet.of(first, more);
        Map<String, Distribution> space = null;
        for (FrozenTrial t : trials) {
            if (!states.contains(t.state())) {
                continue;
            }
            if (space == null) {
                space = new LinkedHashMap<>(t.distributions());
                continue;
            }
            space.entrySet().removeIf(e -> {
                Distribution d = t.distributions().get(e.getKey());
                return d == null || !Distributions.compatible(d, e.getValue());
            });
        }
        Map<String, Distribution> sorted = new java.util.TreeMap<>();
        if (space != null) {
            space.forEach((k, v) -> {
                if (!v.isSingle()) {
                    sorted.put(k, v);
                }
            });
        }
        return new LinkedHashMap<>(sorted);
    }
}
