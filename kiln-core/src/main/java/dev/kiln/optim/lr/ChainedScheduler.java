package dev.kiln.optim.lr;

import java.util.List;

/**
 * Steps several schedulers together so that their multiplicative effects compound:
 * {@code lr = base·Π_i f_i(t)}, where {@code f_i(t)} is scheduler i's lr divided by its base.
 *
 * <pre>{@code
 * var sched = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)));
 * }</pre>
 */
public final class ChainedScheduler extends CompositeScheduler {
    /**
     * Chains schedulers built on the same optimiser.
     *
     * @param schedulers schedulers of the same optimiser, each stepped in this order at every step
     */
    public ChainedScheduler(List<LRScheduler> schedulers) {
        super("ChainedScheduler", schedulers.getFirst().optimizer, schedulers);
        start();
    }

    @Override
    protected void advance() {
        for (LRScheduler s : schedulers) {
            s.lastEpoch++;
            s.advance();
        }
    }

    @Override
    public double lrAt(int group, double base, long t) {
        double lr = base;
        for (LRScheduler s : schedulers) {
            double b = s.baseLrs[group];
            lr *= b == 0 ? 0 : s.lrAt(group, b, s.lastEpoch) / b;
        }
        return lr;
    }
}
