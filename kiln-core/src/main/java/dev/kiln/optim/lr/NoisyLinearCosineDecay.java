package dev.kiln.optim.lr;

import dev.kiln.tensor.Generator;

/**
 * Linear cosine decay with Gaussian noise added to the linear part: with {@code s' = min(s, decaySteps)},
 * ε ~ N(0, initialVariance/(1+s')^varianceDecay) and
 * {@code lr = lr0·((alpha + lin + ε)·c + beta)} (see {@link LinearCosineDecay}). The noise of step
 * s depends only on the seed and s, so that {@code lr(s)} is the same however often it is asked.
 *
 * @param learningRate lr0
 * @param decaySteps the decay length (&gt; 0)
 * @param initialVariance the variance of the noise at step 0
 * @param varianceDecay the decay exponent of the variance
 * @param numPeriods periods of the cosine part
 * @param alpha see the formula
 * @param beta see the formula
 * @param seed seeds the noise
 */
public record NoisyLinearCosineDecay(double learningRate, long decaySteps, double initialVariance, double varianceDecay,
        double numPeriods, double alpha, double beta, long seed) implements DecaySchedule {
    /** Validates. */
    public NoisyLinearCosineDecay {
        LRScheduler.positive("NoisyLinearCosineDecay", "decay_steps", decaySteps);
    }

    private double cosine(long step) {
        double s = Math.min(step, decaySteps);
        return 0.5 * (1 + Math.cos(Math.PI * 2 * numPeriods * s / decaySteps));
    }

    /**
     * The noise-free lr (the mean over the noise): {@link LinearCosineDecay}'s value.
     *
     * @param step the global step
     * @return the learning rate without noise
     */
    public double mean(long step) {
        return new LinearCosineDecay(learningRate, decaySteps, numPeriods, alpha, beta).lr(step);
    }

    /**
     * The standard deviation of the lr at {@code step}: {@code lr0·c·√variance}.
     *
     * @param step the global step
     * @return the standard deviation of the noise added at that step
     */
    public double noiseStd(long step) {
        double s = Math.min(step, decaySteps);
        return learningRate * cosine(step) * Math.sqrt(initialVariance / Math.pow(1 + s, varianceDecay));
    }

    @Override
    public double lr(long step) {
        double eps = new Generator(seed ^ (step * 0x9E3779B97F4A7C15L)).nextGaussian();
        return mean(step) + eps * noiseStd(step);
    }
}
