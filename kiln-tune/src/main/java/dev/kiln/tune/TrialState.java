package dev.kiln.tune;

/** Where a trial is in its life, as Optuna's TrialState. */
public enum TrialState {
    /** Being evaluated. */
    RUNNING,
    /** Evaluated; its objective values are known. */
    COMPLETE,
    /** Stopped early by a pruner; its value is the last intermediate value, if any. */
    PRUNED,
    /** The objective threw, returned NaN, or its process died. */
    FAIL,
    /** Enqueued with fixed parameters, not started yet. */
    WAITING;

    /** True for COMPLETE, PRUNED and FAIL. */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAIL;
    }
}
