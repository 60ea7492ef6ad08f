package dev.kiln.optim.lr;

import java.util.Objects;

/**
 * Polynomial decay from lr0 to {@code endLearningRate}:
 * {@code lr = (lr0 − end)·(1 − s'/D)^power + end}. With {@link Past#HOLD}, {@code D = decaySteps}
 * and {@code s' = min(s, decaySteps)}; with {@link Past#CYCLE} (TensorFlow's {@code cycle=True}),
 * {@code D = decaySteps·ceil(s/decaySteps)} (a multiplier of 1 at s = 0) and {@code s' = s}.
 *
 * @param learningRate lr0
 * @param decaySteps the decay length (&gt; 0)
 * @param endLearningRate the final lr
 * @param power the polynomial degree
 * @param past what happens after {@code decaySteps}: {@link Past#HOLD} stays at {@code endLearningRate}, {@link Past#CYCLE} restarts the decay
 */
public record PolynomialDecay(double learningRate, long decaySteps, double endLearningRate, double power,
        PolynomialDecay.Past past) implements DecaySchedule {
    /** Validates. */
    public PolynomialDecay {
        LRScheduler.positive("PolynomialDecay", "decay_steps", decaySteps);
        Objects.requireNonNull(past, "past");
    }

    /** What the decay does after {@code decaySteps} steps. */
    public enum Past {
        /** The learning rate stays at {@code endLearningRate}. */
        HOLD,
        /** The decay starts again from lr0 over a horizon of the next multiple of {@code decaySteps}. */
        CYCLE
    }

    @Override
    public double lr(long step) {
        double d;
        double s;
        if (past == Past.CYCLE) {
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
