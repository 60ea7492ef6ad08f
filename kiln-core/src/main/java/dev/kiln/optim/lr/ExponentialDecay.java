package dev.kiln.optim.lr;

/**
 * Exponential decay: {@code lr = lr0·rate^p} with {@code p = s/decaySteps}, floored when
 * {@code staircase}.
 *
 * @param learningRate lr0
 * @param decaySteps the steps per decay period (&gt; 0)
 * @param decayRate the factor per period
 * @param staircase decay in discrete jumps
 */
public record ExponentialDecay(double learningRate, long decaySteps, double decayRate,
        boolean staircase) implements DecaySchedule {
    /** Validates. */
    public ExponentialDecay {
        LRScheduler.positive("ExponentialDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        return learningRate * Math.pow(decayRate, power(step, decaySteps, staircase));
    }

    static double power(long step, long decaySteps, boolean staircase) {
        double p = (double) step / decaySteps;
        return staircase ? Math.floor(p) : p;
    }
}
