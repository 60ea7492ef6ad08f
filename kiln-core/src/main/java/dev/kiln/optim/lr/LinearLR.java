package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Scales the lr by a factor that moves linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} steps, then stays: {@code lr = base·(start + (end−start)·min(t, total)/total)}.
 * A common linear warm-up.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 1.0 / 3, 1.0, 5);
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
    /**
     * A linear ramp of the factor.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param startFactor the multiplier of the base lr at step 0
     * @param endFactor the multiplier reached at {@code totalIters} and kept
     * @param totalIters steps of the linear change
     */
    public LinearLR(Optimizer<?> optimizer, double startFactor, double endFactor, long totalIters) {
        if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: factors must be in (0, 1] and [0, 1], got " + startFactor + ", " + endFactor);
        }
        positive("LinearLR", "total_iters", totalIters);
        super(optimizer, (base, t) -> base * (startFactor + (endFactor - startFactor) * Math.min(t, totalIters) / totalIters));
    }
}
