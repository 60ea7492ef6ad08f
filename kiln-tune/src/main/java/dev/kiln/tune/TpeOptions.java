package dev.kiln.tune;

/**
 * Settings of the TPE sampler. {@link #defaults()} are Optuna 5.0's — 10 random start-up trials,
 * 24 candidates per draw, multivariate for single-objective studies (independent for
 * multi-objective ones), constant liar on — except the kernel-width floor: 4% of each range
 * instead of Optuna's "magic clip" range/(n + 2) ({@link #optunaDefaults()} has Optuna's).
 *
 * @param startupTrials  trials drawn at random before the model is used
 * @param eiCandidates   candidates drawn from l(x) per sample; the one maximising l(x)/g(x) is taken. More
 *                       candidates make the search greedier: 48 or 96 instead of 24 end fewer Hartmann-6 runs
 *                       in the global basin and raise Rosenbrock-10's regret (docs/benchmarks.md, hpo)
 * @param multivariate   AUTO (Optuna 5: joint for one objective, independent for several), JOINT or INDEPENDENT
 * @param constantLiar   when ON, running trials count as bad ones (in g), so parallel workers spread out
 * @param minBandwidth   the smallest kernel width σ as a fraction of a parameter's range (in (0, 1));
 *                       0 for Optuna's magic clip σ ≥ range/min(100, n + 2) with n observations
 * @param gamma          the fraction of the finished trials that make up the "below" set of a single-objective
 *                       study, at most 25 trials: γ(n) = min(⌈gamma·n⌉, 25) (Optuna: 0.1; multi-objective
 *                       studies always use Optuna's ⌈0.1·n⌉)
 * @param belowWeights   how the below observations are weighted in l(x)
 */
public record TpeOptions(int startupTrials, int eiCandidates, Mode multivariate, Mode constantLiar,
                         double minBandwidth, double gamma, BelowWeights belowWeights) {

    /**
     * The kernel-width floor of {@link #uniformWeights()}, as a fraction of the range. Over 100 seeds it gives a lower median
     * regret after 100 trials than Optuna 5.0's TPE on all six benchmark functions (Branin, Hartmann-6,
     * Rosenbrock-10, Ackley-5, Levy-4, Styblinski-Tang-8); a 3% floor is better on some of them but leaves
     * almost half of the Levy-4 runs in a local minimum (docs/benchmarks.md, hpo).
     */
    public static final double DEFAULT_MIN_BANDWIDTH = 0.04;

    /** A setting that can be forced on or off, or left to the sampler. */
    public enum Mode {
        /** The sampler decides (Optuna 5's default). */
        AUTO,
        /** On. */
        ON,
        /** Off. */
        OFF
    }

    /** The weights of the below observations in l(x) (single-objective studies; multi-objective ones use UNIFORM). */
    public enum BelowWeights {
        /** Optuna's: every below observation weighs 1 (older ones less once there are more than 25). */
        UNIFORM,
        /**
         * Linear in rank: with the nb below observations ranked r = 0 (best) … nb − 1, observation r weighs
         * 1 − r/(nb − 1), so the best counts most and the one at the γ boundary, which is as much a bad
         * observation as a good one, not at all. Weighting by the improvement over the threshold, here
         * measured in ranks, turns TPE's probability-of-improvement ratio l/g into an expected-improvement one
         * (Song et al. 2022, "A General Recipe for Likelihood-free Bayesian Optimization").
         */
        RANK
    }

    /** Validates. */
    public TpeOptions {
        if (startupTrials < 0) {
            throw new IllegalArgumentException("tpe: startupTrials must be >= 0, got " + startupTrials);
        }
        if (eiCandidates < 1) {
            throw new IllegalArgumentException("tpe: eiCandidates must be >= 1, got " + eiCandidates);
        }
        if (multivariate == null || constantLiar == null) {
            throw new IllegalArgumentException("tpe: modes must not be null");
        }
        if (!(minBandwidth >= 0 && minBandwidth < 1)) {
            throw new IllegalArgumentException("tpe: minBandwidth must be in [0, 1), got " + minBandwidth);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("tpe: gamma must be in (0, 1], got " + gamma);
        }
        if (belowWeights == null) {
            throw new IllegalArgumentException("tpe: belowWeights must not be null");
        }
    }

    /**
     * Kiln's defaults: Optuna 5.0's start-up, candidates and modes, with the below observations weighted by rank
     * ({@link BelowWeights#RANK}), γ = 0.15 and a kernel-width floor of 5% of the range (the wider split and floor
     * give back the exploration that the rank weights take). Over seeds 0–99 its median regret after 100 trials is
     * below Optuna 5.0's TPE on all six benchmark functions (Branin 0.0048 vs 0.026, Hartmann-6 0.077 vs 0.132,
     * Rosenbrock-10 653 vs 1331, Ackley-5 4.91 vs 6.64, Levy-4 0.184 vs 0.190, Styblinski-Tang-8 55.4 vs 58.3), and
     * on HPO.md's protocol (seeds 0–9) 0.0062 / 0.093 / 739 against Optuna's 0.0186 / 0.116 / 1454. Against
     * {@link #uniformWeights()} (the default until session 7) it is better on Hartmann-6 and Rosenbrock-10 and a
     * little worse on the other four (docs/benchmarks.md, hpo, session 7).
     */
    public static TpeOptions defaults() {
        return new TpeOptions(10, 24, Mode.AUTO, Mode.ON, 0.05, 0.15, BelowWeights.RANK);
    }

    /**
     * Optuna 5.0's split and uniform weights (γ = 10%) with Kiln's earlier kernel-width floor of
     * {@value #DEFAULT_MIN_BANDWIDTH} of the range: Kiln's default before session 7, below Optuna 5.0's TPE on all
     * six benchmark functions over 100 seeds, better than {@link #defaults()} on Branin, Ackley-5, Levy-4 and
     * Styblinski-Tang-8, worse on Hartmann-6 (0.106 vs 0.077) and Rosenbrock-10.
     */
    public static TpeOptions uniformWeights() {
        return new TpeOptions(10, 24, Mode.AUTO, Mode.ON, DEFAULT_MIN_BANDWIDTH, 0.1, BelowWeights.UNIFORM);
    }

    /** Exactly Optuna 5.0's defaults (uniform weights, γ = 10%, magic clip). */
    public static TpeOptions optunaDefaults() {
        return uniformWeights().withMinBandwidth(0);
    }

    /**
     * Rank-weighted TPE, the same as {@link #defaults()} (kept as a name for what it is): {@link BelowWeights#RANK}
     * weights, γ = 0.15 and a 5% kernel floor.
     */
    public static TpeOptions rankWeighted() {
        return defaults();
    }

    /** With another number of random start-up trials. */
    public TpeOptions withStartupTrials(int n) {
        return new TpeOptions(n, eiCandidates, multivariate, constantLiar, minBandwidth, gamma, belowWeights);
    }

    /** With another number of candidates per draw. */
    public TpeOptions withEiCandidates(int n) {
        return new TpeOptions(startupTrials, n, multivariate, constantLiar, minBandwidth, gamma, belowWeights);
    }

    /** With the multivariate mode set. */
    public TpeOptions withMultivariate(Mode mode) {
        return new TpeOptions(startupTrials, eiCandidates, mode, constantLiar, minBandwidth, gamma, belowWeights);
    }

    /** With the constant-liar mode set (AUTO means ON). */
    public TpeOptions withConstantLiar(Mode mode) {
        return new TpeOptions(startupTrials, eiCandidates, multivariate, mode, minBandwidth, gamma, belowWeights);
    }

    /** With another kernel-width floor (fraction of the range; 0 for Optuna's magic clip). */
    public TpeOptions withMinBandwidth(double fraction) {
        return new TpeOptions(startupTrials, eiCandidates, multivariate, constantLiar, fraction, gamma, belowWeights);
    }

    /** With another below-set fraction γ for single-objective studies (Optuna: 0.1). */
    public TpeOptions withGamma(double fraction) {
        return new TpeOptions(startupTrials, eiCandidates, multivariate, constantLiar, minBandwidth, fraction, belowWeights);
    }

    /** With another weighting of the below observations. */
    public TpeOptions withBelowWeights(BelowWeights weights) {
        return new TpeOptions(startupTrials, eiCandidates, multivariate, constantLiar, minBandwidth, gamma, weights);
    }
}
