package dev.kiln.optim.lr;

import java.util.Objects;

/**
 * Natural exponential decay: {@code lr = lr0·exp(−rate·p)} with {@code p = s/decaySteps},
 * floored for {@link DecaySchedule.Exponent#STAIRCASE}.
 *
 * @param learningRate lr0
 * @param decaySteps the steps per decay period (&gt; 0)
 * @param decayRate the rate
 * @param exponent {@link DecaySchedule.Exponent#CONTINUOUS} for {@code p = s/decaySteps}, {@link DecaySchedule.Exponent#STAIRCASE} to floor it (jumps)
 */
public record NaturalExpDecay(double learningRate, long decaySteps, double decayRate,
        DecaySchedule.Exponent exponent) implements DecaySchedule {
    /** Validates. */
    public NaturalExpDecay {
        LRScheduler.positive("NaturalExpDecay", "decay_steps", decaySteps);
        Objects.requireNonNull(exponent, "exponent");
    }

    @Override
    public double lr(long step) {
        return learningRate * Math.exp(-decayRate * exponent.at(step, decaySteps));
    }
}
