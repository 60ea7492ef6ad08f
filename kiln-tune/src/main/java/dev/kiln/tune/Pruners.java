package dev.kiln.tune;

/**
 * Factories for the pruners, fed by {@link Trial#report} and asked by {@link Trial#shouldPrune()}.
 *
 * <pre>{@code
 * Study s = Study.builder().sampler(Samplers.tpe(0)).pruner(Pruners.successiveHalving()).create();
 * }</pre>
 */
public final class Pruners {
    private Pruners() {
    }

    /** Never prunes. */
    public static Pruner none() {
        return (study, trial) -> false;
    }

    /**
     * The median rule (Optuna's MedianPruner defaults): prune when the trial's best value so far is
     * worse than the median of the completed trials at the same step, once 5 trials have completed.
     */
    public static Pruner median() {
        return percentile(50, 5, 0, 1, 1);
    }

    /** The median rule with its start-up trials and warm-up steps. */
    public static Pruner median(int startupTrials, int warmupSteps) {
        return percentile(50, startupTrials, warmupSteps, 1, 1);
    }

    /**
     * Prunes when the trial's best value so far is worse than the given percentile (0–100; 25 keeps
     * the best quarter) of the completed trials' values at the same step.
     *
     * @param startupTrials completed trials needed before anything is pruned
     * @param warmupSteps   steps of each trial that are never pruned
     * @param intervalSteps check once per this many steps
     * @param minTrials     completed trials that must have reported the step
     */
    public static Pruner percentile(double percentile, int startupTrials, int warmupSteps, int intervalSteps, int minTrials) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, intervalSteps, minTrials);
    }

    /** Asynchronous successive halving with Optuna's defaults: min resource auto, reduction factor 4, rate 0. */
    public static Pruner successiveHalving() {
        return successiveHalving(0, 4, 0);
    }

    /**
     * Asynchronous successive halving (ASHA).
     *
     * @param minResource          steps before the first rung (0 = estimated from the first completed trial)
     * @param reductionFactor      η: each rung keeps the best 1/η
     * @param minEarlyStoppingRate s: the first rung is at minResource·η^s
     */
    public static Pruner successiveHalving(int minResource, int reductionFactor, int minEarlyStoppingRate) {
        return new SuccessiveHalvingPruner(minResource, reductionFactor, minEarlyStoppingRate, 0, t -> true);
    }

    /** Hyperband with Optuna's defaults: min resource 1, max resource auto, reduction factor 3. */
    public static Pruner hyperband() {
        return hyperband(1, 0, 3);
    }

    /**
     * Hyperband over successive-halving brackets.
     *
     * @param minResource     the smallest number of steps a trial gets
     * @param maxResource     the most steps a trial runs (0 = the first completed trial's)
     * @param reductionFactor η
     */
    public static Pruner hyperband(int minResource, int maxResource, int reductionFactor) {
        return new HyperbandPruner(minResource, maxResource, reductionFactor);
    }
}
