package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Decays the lr by {@code gamma} at each milestone: {@code lr = base·gamma^(number of milestones ≤ t)}
 * (a milestone listed twice counts twice).
 *
 * <pre>{@code
 * var sched = new MultiStepLR(opt, new long[] {30, 80}, 0.1);
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
    /**
     * Decay by {@code gamma} at each of {@code milestones}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param milestones increasing steps at which the lr is multiplied by {@code gamma}
     * @param gamma the factor applied at each milestone
     */
    public MultiStepLR(Optimizer<?> optimizer, long[] milestones, double gamma) {
        long[] steps = milestones.clone();
        super(optimizer, (base, t) -> base * Math.pow(gamma, passed(steps, t)));
    }

    private static int passed(long[] milestones, long t) {
        int passed = 0;
        for (long m : milestones) {
            if (m <= t) {
                passed++;
            }
        }
        return passed;
    }
}
