package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Decays the lr by {@code gamma} every {@code stepSize} steps: {@code lr = base·gamma^floor(t/stepSize)}.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);   // 0.1 → 0.01 at step 30 → 0.001 at 60
 * }</pre>
 */
public final class StepLR extends LRScheduler {
    /**
     * A step decay every {@code stepSize} steps by {@code gamma}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param stepSize steps between two decays
     * @param gamma the factor applied every {@code stepSize} steps
     */
    public StepLR(Optimizer<?> optimizer, long stepSize, double gamma) {
        positive("StepLR", "step_size", stepSize);
        super(optimizer, (base, t) -> base * Math.pow(gamma, Math.floorDiv(t, stepSize)));
    }
}
