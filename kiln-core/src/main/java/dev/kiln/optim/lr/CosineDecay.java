package dev.kiln.optim.lr;

/**
 * Cosine decay to a floor: with {@code s' = min(s, decaySteps)},
 * {@code c = (1 + cos(π·s'/decaySteps))/2} and {@code lr = lr0·((1 − alpha)·c + alpha)}.
 *
 * @param learningRate lr0
 * @param decaySteps the decay length (&gt; 0)
 * @param alpha the floor as a fraction of lr0
 */
public record CosineDecay(double learningRate, long decaySteps, double alpha) implements DecaySchedule {
    /** Validates. */
    public CosineDecay {
        LRScheduler.positive("CosineDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        double s = Math.min(step, decaySteps);
        double c = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return learningRate * ((1 - alpha) * c + alpha);
    }
}
