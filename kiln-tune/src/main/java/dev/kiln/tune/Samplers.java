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

    /** The sampler a study gets when none is given: random for now (TPE once available). */
    static Sampler defaultSampler(int objectives) {
        return random(0);
    }
}
