package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Decays the lr by {@code gamma} every step: {@code lr = base·gamma^t}.
 *
 * <pre>{@code
 * var sched = new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
    /**
     * Exponential decay by {@code gamma} per step.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param gamma the factor the lr is multiplied by at every step
     */
    public ExponentialLR(Optimizer<?> optimizer, double gamma) {
        super(optimizer, (base, t) -> base * Math.pow(gamma, t));
    }
}
