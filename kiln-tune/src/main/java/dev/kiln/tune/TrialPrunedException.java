package dev.kiln.tune;

/** Thrown by an objective to stop its trial early (as Optuna's TrialPruned); the trial is recorded as PRUNED. */
public class TrialPrunedException extends RuntimeException {
    /** With the default message. */
    public TrialPrunedException() {
        super("trial pruned");
    }

    /** With a message, e.g. the step at which it was pruned. */
    public TrialPrunedException(String message) {
        super(message);
    }
}
