package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Polynomial decay to zero over {@code totalIters} steps: {@code lr = base·(1 − min(t, total)/total)^power}.
 *
 * <pre>{@code
 * var sched = new PolynomialLR(opt, 50, 2.0);
 * }</pre>
 */
public final class PolynomialLR extends LRScheduler {
    /**
     * Polynomial decay of degree {@code power}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param totalIters steps over which the lr decays to 0
     * @param power the exponent of the decay {@code (1 - t/totalIters)^power}
     */
    public PolynomialLR(Optimizer<?> optimizer, long totalIters, double power) {
        positive("PolynomialLR", "total_iters", totalIters);
        super(optimizer, (base, t) -> base * Math.pow(1 - (double) Math.min(t, totalIters) / totalIters, power));
    }
}
