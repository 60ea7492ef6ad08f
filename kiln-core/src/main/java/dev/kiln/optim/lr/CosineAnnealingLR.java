package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR without restarts):
 * {@code lr = eta_min + (base − eta_min)·(1 + cos(π·t/T_max))/2}. Past {@code T_max} the cosine
 * continues, so the lr rises again (as in PyTorch).
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 100, 0.0);
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
    /**
     * Cosine annealing over half a period of {@code tMax} steps down to {@code etaMin}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param tMax steps of the half cosine from the base lr down to {@code etaMin}
     * @param etaMin the lowest learning rate
     */
    public CosineAnnealingLR(Optimizer<?> optimizer, long tMax, double etaMin) {
        positive("CosineAnnealingLR", "T_max", tMax);
        super(optimizer, (base, t) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2);
    }
}
