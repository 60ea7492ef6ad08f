package dev.kiln.optim.lr;

/**
 * A linear warm-up in front of any schedule: for {@code s < warmupSteps},
 * {@code lr = after.lr(0)·(s+1)/warmupSteps}; from then on {@code lr = after.lr(s − warmupSteps)},
 * so the schedule after the warm-up starts at its own step 0.
 *
 * @param warmupSteps the length of the warm-up (≥ 0)
 * @param after the schedule that follows
 */
public record LinearWarmup(long warmupSteps, DecaySchedule after) implements DecaySchedule {
    /** Validates. */
    public LinearWarmup {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("LinearWarmup: warmup steps must be >= 0, got " + warmupSteps);
        }
    }

    @Override
    public double lr(long step) {
        return step < warmupSteps ? after.lr(0) * (step + 1) / warmupSteps : after.lr(step - warmupSteps);
    }
}
