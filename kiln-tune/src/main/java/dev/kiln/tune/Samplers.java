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
     * Bayesian optimisation with a Gaussian process (Matérn-5/2 ARD kernel fitted by marginal likelihood,
     * log expected improvement optimised from many starts), after 10 random trials; see
     * {@link dev.kiln.tune.gp.GpSampler}.
     */
    public static Sampler gp(long seed) {
        return new dev.kiln.tune.gp.GpSampler(seed);
    }

    /**
     * CMA-ES ((μ/μ_w, λ)-CMA-ES, Hansen's defaults) over the float and int parameters; categoricals drawn
     * at random; see {@link dev.kiln.tune.cmaes.CmaEsSampler}. Single-objective studies only.
     */
    public static Sampler cmaEs(long seed) {
        return new dev.kiln.tune.cmaes.CmaEsSampler(seed);
    }

    /**
     * A genetic algorithm (population 20, tournament selection, SBX/uniform crossover with probability
     * 0.9, mutation) with NSGA-II's elitist non-dominated selection, so that it serves single- and
     * multi-objective studies; see {@link dev.kiln.tune.genetic.GeneticSampler}.
     */
    public static Sampler genetic(long seed) {
        return new dev.kiln.tune.genetic.GeneticSampler(seed, 20, 0.9);
    }

    /**
     * NSGA-II for multi-objective studies with Optuna's NSGAIISampler defaults (population 50, crossover
     * probability 0.9): the {@link #genetic} sampler with a larger population.
     */
    public static Sampler nsga2(long seed) {
        return new dev.kiln.tune.genetic.GeneticSampler(seed, 50, 0.9);
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
