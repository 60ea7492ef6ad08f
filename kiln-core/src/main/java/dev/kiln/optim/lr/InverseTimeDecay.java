package dev.kiln.optim.lr;

import java.util.Objects;

/**
 * Inverse time decay: {@code lr = lr0/(1 + rate·p)} with {@code p = s/decaySteps}, floored for
 * {@link DecaySchedule.Exponent#STAIRCASE}.
 *
 * @param learningRate lr0
 * @param decaySteps the steps per decay period (&gt; 0)
 * @param decayRate the rate
 * @param exponent {@link DecaySchedule.Exponent#CONTINUOUS} for {@code p = s/decaySteps}, {@link DecaySchedule.Exponent#STAIRCASE} to floor it (jumps)
 */
public record InverseTimeDecay(double learningRate, long decaySteps, double decayRate,
        DecaySchedule.Exponent exponent) implements DecaySchedule {
    /** Validates. */
    public InverseTimeDecay {
        LRScheduler.positive("InverseTimeDecay", "decay_steps", decaySteps);
        Objects.requireNonNull(exponent, "exponent");
    }

    @Override
    public double lr(long step) {
        return learningRate / (1 + decayRate * exponent.at(step, decaySteps));
    }
}
