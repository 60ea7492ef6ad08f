package dev.kiln.tune;

import java.util.List;
import java.util.Map;

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
     * Grid search over every combination of the given values (parameter name → its values), in an
     * order shuffled by the seed; the study stops once every combination has been tried.
     */
    public static Sampler grid(Map<String, ? extends List<?>> grid, long seed) {
        return new GridSampler(grid, seed);
    }

    /** Grid search in a fixed shuffled order (seed 0). */
    public static Sampler grid(Map<String, ? extends List<?>> grid) {
        return grid(grid, 0);
    }

    /** Quasi-random search: a scrambled Sobol sequence (linear matrix scramble + digital shift, seeded). */
    public static Sampler qmc(long seed) {
        return new QmcSampler(seed);
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
