package dev.kiln.optim.lr;

/**
 * Linear cosine decay (Bello et al., 2017): with {@code s' = min(s, decaySteps)},
 * {@code lin = (decaySteps − s')/decaySteps}, {@code c = (1 + cos(2π·numPeriods·s'/decaySteps))/2}
 * and {@code lr = lr0·((alpha + lin)·c + beta)}.
 *
 * @param learningRate lr0
 * @param decaySteps the decay length (&gt; 0)
 * @param numPeriods periods of the cosine part
 * @param alpha see the formula
 * @param beta see the formula
 */
public record LinearCosineDecay(double learningRate, long decaySteps, double numPeriods, double alpha, double beta)
        implements DecaySchedule {
    /** Validates. */
    public LinearCosineDecay {
        LRScheduler.positive("LinearCosineDecay", "decay_steps", decaySteps);
    }

    @Override
    public double lr(long step) {
        double s = Math.min(step, decaySteps);
        double lin = (decaySteps - s) / decaySteps;
        double c = 0.5 * (1 + Math.cos(Math.PI * 2 * numPeriods * s / decaySteps));
        return learningRate * ((alpha + lin) * c + beta);
    }
}
