package dev.kiln.tune;

import java.util.SplittableRandom;

/**
 * Draws every parameter independently and uniformly (in log space for log ranges), as Optuna's
 * RandomSampler. Each draw comes from a stream keyed by (seed, trial number, parameter name), so a
 * parallel study draws the same values as a sequential one.
 */
final class RandomSampler implements Sampler {
    private final long seed;

    RandomSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        SplittableRandom rng = Seeds.random(seed, trial.number(), Seeds.key(name));
        return distribution.toExternal(sample(rng, distribution));
    }

    /** One uniform draw from {@code d}, as an internal value. */
    static double sample(SplittableRandom rng, Distribution d) {
        return fromUnit(rng.nextDouble(), d);
    }

    /**
     * Maps u ∈ [0, 1) to an internal value of {@code d}, uniformly (log-uniformly for log ranges):
     * the inverse CDF of the uniform distribution on the range. Also used by the QMC sampler.
     */
    static double fromUnit(double u, Distribution d) {
        return switch (d) {
            case FloatDistribution f -> {
                if (f.isLog()) {
                    double lo = Math.log(f.low());
                    double hi = Math.log(f.high());
                    yield Math.min(f.high(), Math.max(f.low(), Math.exp(lo + u * (hi - lo))));
                } else if (f.hasStep()) {
                    long n = Math.round((f.high() - f.low()) / f.step()) + 1;
                    long k = Math.min(n - 1, (long) Math.floor(u * n));
                    yield Math.min(f.high(), f.low() + k * f.step());
                } else {
                    yield Math.min(f.high(), f.low() + u * (f.high() - f.low()));
                }
            }
            case IntDistribution i -> {
                if (i.isLog()) {
                    double lo = Math.log(i.low() - 0.5);
                    double hi = Math.log(i.high() + 0.5);
                    double v = Math.rint(Math.exp(lo + u * (hi - lo)));
                    yield Math.min(i.high(), Math.max(i.low(), v));
                } else {
                    long k = Math.min(i.size() - 1, (long) Math.floor(u * i.size()));
                    yield i.low() + k * (double) i.step();
                }
            }
            case CategoricalDistribution c -> Math.min(c.size() - 1, (int) Math.floor(u * c.size()));
        };
    }
}
