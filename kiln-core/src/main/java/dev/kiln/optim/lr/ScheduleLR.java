package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Drives an optimiser with a {@link DecaySchedule}: every group's lr at step t is
 * {@code schedule.lr(t)} (the schedule holds the absolute learning rate).
 *
 * <pre>{@code
 * var sched = new ScheduleLR(opt, new ExponentialDecay(0.1, 1000, 0.96, true));
 * }</pre>
 */
public final class ScheduleLR extends LRScheduler {
    private final DecaySchedule schedule;

    /** Follows {@code schedule}. */
    public ScheduleLR(Optimizer<?> optimizer, DecaySchedule schedule) {
        super(optimizer);
        this.schedule = schedule;
        start();
    }

    @Override
    public double lrAt(int group, double base, long t) {
        return schedule.lr(t);
    }
}
