package dev.kiln.optim.lr;

/**
 * Inverse time decay: {@code lr = lr0/(1 + rate·p)} with {@code p = s/decaySteps}, floored when
 * {@code staircase}.
 *
 * @param learningRate lr0
 * @param decaySteps the steps per decay period (&gt; 0)
 * @param decayRate the rate
 * @param staircase decay in discrete jumps
 */
public record InverseTimeDecay(double learningRate, long decaySteps, double decayRate,
        boolean staircase) implements DecaySchedule {
    /** Validates. */
    public InverseTimeDecay {
        LRScheduler.positive("InverseTimeDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        return learningRate / (1 + decayRate * ExponentialDecay.power(step, decaySteps, staircase));
    }
}
