package dev.kiln.tune;

/** Decides whether a running trial should stop early, from its reported intermediate values (Optuna's BasePruner). */
@FunctionalInterface
public interface Pruner {
    /** True when {@code trial} (RUNNING, with its intermediate values so far) should be pruned. */
    boolean prune(Study study, FrozenTrial trial);
}
