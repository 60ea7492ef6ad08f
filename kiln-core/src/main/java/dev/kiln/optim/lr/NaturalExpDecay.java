package dev.kiln.optim.lr;

/**
 * Natural exponential decay: {@code lr = lr0·exp(−rate·p)} with {@code p = s/decaySteps},
 * floored when {@code staircase}.
 *
 * @param learningRate lr0
 * @param decaySteps the steps per decay period (&gt; 0)
 * @param decayRate the rate
 * @param staircase decay in discrete jumps
 */
public record NaturalExpDecay(double learningRate, long decaySteps, double decayRate,
        boolean staircase) implements DecaySchedule {
    /** Validates. */
    public NaturalExpDecay {
        LRScheduler.positive("NaturalExpDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        return learningRate * Math.exp(-decayRate * ExponentialDecay.power(step, decaySteps, staircase));
    }
}
