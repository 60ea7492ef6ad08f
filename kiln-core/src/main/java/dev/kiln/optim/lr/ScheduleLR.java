package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Drives an optimiser with a {@link DecaySchedule}: the schedule's curve scales each group's own
 * base rate, so that group i's lr at step t is
 * <pre>
 *     base_i · schedule.lr(t) / schedule.lr(0)
 * </pre>
 * A single group whose base rate is the schedule's initial rate follows the schedule exactly
 * (TensorFlow's behaviour); groups with their own rates (fine-tuning's smaller rate for the
 * pretrained layers) keep their ratios instead of all being set to one absolute rate.
 *
 * <pre>{@code
 * var sched = new ScheduleLR(opt, new ExponentialDecay(0.1, 1000, 0.96, true));
 * }</pre>
 */
public final class ScheduleLR extends LRScheduler {
    /**
     * Follows {@code schedule}, relative to each group's base rate.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param schedule the learning rate as a function of the step, for every group
     * @throws IllegalArgumentException when the schedule's rate at step 0 is 0 or not finite (no curve to scale by)
     */
    public ScheduleLR(Optimizer<?> optimizer, DecaySchedule schedule) {
        double initial = schedule.lr(0);
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException("ScheduleLR: the schedule's learning rate at step 0 must be positive and finite "
                    + "to scale the groups' base rates by, got " + initial);
        }
        super(optimizer, (base, t) -> base * (schedule.lr(t) / schedule.lr(0)));
    }
}
