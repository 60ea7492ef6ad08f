package dev.kiln.tune;

/**
 * Factories for the samplers. Each is seeded and, run sequentially, deterministic for its seed.
 *
 * <pre>{@code
 * Study.minimize(Samplers.random(0));
 * Study.minimize(Samplers.tpe(0));
 * }</pre>
 */
public final class Samplers {
    private Samplers() {
    }

    /** Independent uniform sampling (log-uniform for log ranges), as Optuna's RandomSampler. */
    public static Sampler random(long seed) {
        return new RandomSampler(seed);
    }

    /**
     * The Tree-structured Parzen Estimator with Optuna 5.0's defaults: 10 random start-up trials,
     * 24 candidates, multivariate for one objective, constant liar for parallel trials.
     */
    public static Sampler tpe(long seed) {
        return new TpeSampler(seed, TpeOptions.defaults());
    }

    /** TPE with other settings. */
    public static Sampler tpe(long seed, TpeOptions options) {
        return new TpeSampler(seed, options);
    }

    /** The sampler a study gets when none is given: TPE, seed 0 (as Optuna). */
    static Sampler defaultSampler(int objectives) {
        return tpe(0);
    }
}
