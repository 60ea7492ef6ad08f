package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter, 2017). The first period
 * lasts {@code T_0} steps and each next one {@code T_mult} times longer; within a period,
 * {@code lr = eta_min + (base − eta_min)·(1 + cos(π·T_cur/T_i))/2}.
 *
 * <pre>{@code
 * var sched = new CosineAnnealingWarmRestarts(opt, 10, 2, 1e-4);
 * }</pre>
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final long t0;
    private final long tMult;
    private final double etaMin;

    /**
     * Restarts after {@code t0}, {@code t0·tMult}, … steps.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param t0 steps of the first cycle
     * @param tMult factor by which each cycle is longer than the previous one
     * @param etaMin the lowest learning rate
     */
    public CosineAnnealingWarmRestarts(Optimizer<?> optimizer, long t0, long tMult, double etaMin) {
        super(optimizer);
        positive("CosineAnnealingWarmRestarts", "T_0", t0);
        if (tMult < 1) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts: T_mult must be an integer >= 1, got " + tMult);
        }
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        start();
    }

    @Override
    public double lrAt(int group, double base, long t) {
        long tCur = t;
        long tI = t0;
        while (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
    }
}
