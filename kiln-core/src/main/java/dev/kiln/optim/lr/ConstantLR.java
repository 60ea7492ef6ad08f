package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Scales the lr by {@code factor} for the first {@code totalIters} steps: {@code lr = base·factor}
 * while {@code t < totalIters}, then {@code base}.
 *
 * <pre>{@code
 * var sched = new ConstantLR(opt, 0.5, 4);
 * }</pre>
 */
public final class ConstantLR extends LRScheduler {
    /**
     * A constant factor for {@code totalIters} steps.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param factor the multiplier of the base lr until {@code totalIters}
     * @param totalIters steps after which the base lr is restored
     */
    public ConstantLR(Optimizer<?> optimizer, double factor, long totalIters) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("ConstantLR: factor must be in [0, 1], got " + factor);
        }
        super(optimizer, (base, t) -> t < totalIters ? base * factor : base);
    }
}
