package dev.kiln.tune;

/** A single-objective function of a trial: suggests parameters, evaluates, returns the value. */
@FunctionalInterface
public interface Objective {
    /**
     * Evaluates one trial. Throwing {@link TrialPrunedException} marks the trial PRUNED; any other
     * exception (or a NaN result) marks it FAIL and the study goes on.
     */
    double evaluate(Trial trial) throws Exception;
}
