package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;

/**
 * Runs schedulers one after another, switching at the milestones; each one restarts at its own
 * step 0 when its turn comes. With i milestones passed, the last at {@code start}:
 * {@code lr = scheduler_i(t − start)} from the base lr.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * var decay = new CosineAnnealingLR(opt, 95, 0);
 * var sched = new SequentialLR(opt, List.of(warmup, decay), new long[] {5});
 * }</pre>
 */
public final class SequentialLR extends CompositeScheduler {
    private final long[] milestones;

    /**
     * The schedulers (built on the same optimiser) and the {@code n−1} steps at which to switch.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param schedulers the schedulers run one after the other
     * @param milestones the steps at which the next scheduler takes over (one fewer than schedulers)
     */
    public SequentialLR(Optimizer<?> optimizer, List<LRScheduler> schedulers, long[] milestones) {
        super("SequentialLR", optimizer, schedulers);
        if (schedulers.isEmpty() || milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expected " + (schedulers.size() - 1) + " milestones for "
                    + schedulers.size() + " schedulers, got " + milestones.length);
        }
        this.milestones = milestones.clone();
        for (LRScheduler s : this.schedulers) {
            s.reset();
        }
        start();
    }

    private int current(long t) {
        int i = 0;
        while (i < milestones.length && milestones[i] <= t) {
            i++;
        }
        return i;
    }

    @Override
    protected void advance() {
        int i = current(lastEpoch);
        LRScheduler s = schedulers.get(i);
        if (i > 0 && milestones[i - 1] == lastEpoch) {
            s.reset();
        } else {
            s.lastEpoch++;
            s.advance();
        }
    }

    @Override
    public double lrAt(int group, double base, long t) {
        LRScheduler s = schedulers.get(current(t));
        return s.lrAt(group, s.baseLrs[group], s.lastEpoch);
    }
}
