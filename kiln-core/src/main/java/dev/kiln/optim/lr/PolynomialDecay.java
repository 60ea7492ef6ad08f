package dev.kiln.optim.lr;

/**
 * Polynomial decay from lr0 to {@code endLearningRate}:
 * {@code lr = (lr0 − end)·(1 − s'/D)^power + end}. Without {@code cycle}, {@code D = decaySteps}
 * and {@code s' = min(s, decaySteps)}; with it, {@code D = decaySteps·ceil(s/decaySteps)}
 * (a multiplier of 1 at s = 0) and {@code s' = s}.
 *
 * @param learningRate lr0
 * @param decaySteps the decay length (&gt; 0)
 * @param endLearningRate the final lr
 * @param power the polynomial degree
 * @param cycle restart the decay past decaySteps
 */
public record PolynomialDecay(double learningRate, long decaySteps, double endLearningRate, double power, boolean cycle)
        implements DecaySchedule {
    /** Validates. */
    public PolynomialDecay {
        LRScheduler.positive("PolynomialDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        double d;
        double s;
        if (cycle) {
            double mult = step == 0 ? 1 : Math.ceil((double) step / decaySteps);
            d = decaySteps * mult;
            s = step;
        } else {
            d = decaySteps;
            s = Math.min(step, decaySteps);
        }
        return (learningRate - endLearningRate) * Math.pow(1 - s / d, power) + endLearningRate;
    }
}
