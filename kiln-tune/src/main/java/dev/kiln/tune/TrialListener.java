package dev.kiln.tune;

/** Told of every trial this process finishes (progress lines, early stopping of the study). */
@FunctionalInterface
public interface TrialListener {
    /** Called after {@code trial} is stored as COMPLETE, PRUNED or FAIL. */
    void trialFinished(Study study, FrozenTrial trial);
}
