package dev.kiln.tune;

import java.util.Map;

/**
 * Proposes parameter values, in the shape of Optuna's BaseSampler.
 *
 * <p>When a trial starts, the study asks {@link #inferRelativeSearchSpace} for the parameters the
 * sampler wants to draw jointly (e.g. TPE's multivariate model, GP, CMA-ES), then
 * {@link #sampleRelative} for their values. Every parameter the objective suggests that is not in
 * that joint sample is drawn by {@link #sampleIndependent}. When the trial ends,
 * {@link #afterTrial} is called before its state is stored.
 *
 * <p>Values crossing this interface are <em>external</em> (Double, Integer, a categorical choice);
 * {@link Distribution#toInternal}/{@link Distribution#toExternal} convert. A sampler must be safe to
 * call from several threads at once when the study runs trials in parallel.
 */
public interface Sampler {

    /**
     * The parameters to be sampled jointly for {@code trial}, by name; empty (the default) for a
     * purely independent sampler. {@link SearchSpaces#intersection} gives Optuna's usual choice.
     */
    default Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        return Map.of();
    }

    /** Joint values for (some of) the parameters of {@code space}; empty by default. */
    default Map<String, Object> sampleRelative(Study study, FrozenTrial trial, Map<String, Distribution> space) {
        return Map.of();
    }

    /** One value for parameter {@code name}, drawn from {@code distribution}. */
    Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution);

    /** Called when a trial starts, before the relative sample; does nothing by default. */
    default void beforeTrial(Study study, FrozenTrial trial) {
    }

    /**
     * Called when a trial finishes, before its state and values are stored; does nothing by default.
     *
     * @param state  COMPLETE, PRUNED or FAIL
     * @param values the objective values (empty unless COMPLETE, or PRUNED with a last intermediate value)
     */
    default void afterTrial(Study study, FrozenTrial trial, TrialState state, java.util.List<Double> values) {
    }
}
