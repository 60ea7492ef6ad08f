package dev.kiln.tune;

/**
 * Settings of the TPE sampler; {@link #defaults()} are Optuna 5.0's: 10 random start-up trials,
 * 24 candidates per draw, multivariate for single-objective studies (independent for
 * multi-objective ones), constant liar on, no grouping.
 *
 * @param startupTrials  trials drawn at random before the model is used
 * @param eiCandidates   candidates drawn from l(x) per sample; the one maximising l(x)/g(x) is taken
 * @param multivariate   AUTO (Optuna 5: joint for one objective, independent for several), JOINT or INDEPENDENT
 * @param constantLiar   when ON, running trials count as bad ones (in g), so parallel workers spread out
 */
public record TpeOptions(int startupTrials, int eiCandidates, Mode multivariate, Mode constantLiar) {

    /** A setting that can be forced on or off, or left to the sampler. */
    public enum Mode {
        /** The sampler decides (Optuna 5's default). */
        AUTO,
        /** On. */
        ON,
        /** Off. */
        OFF
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
    }

    /** Optuna 5.0's defaults. */
    public static TpeOptions defaults() {
        return new TpeOptions(10, 24, Mode.AUTO, Mode.ON);
    }

    /** With another number of random start-up trials. */
    public TpeOptions withStartupTrials(int n) {
        return new TpeOptions(n, eiCandidates, multivariate, constantLiar);
    }

    /** With another number of candidates per draw. */
    public TpeOptions withEiCandidates(int n) {
        return new TpeOptions(startupTrials, n, multivariate, constantLiar);
    }

    /** With the multivariate mode set. */
    public TpeOptions withMultivariate(Mode mode) {
        return new TpeOptions(startupTrials, eiCandidates, mode, constantLiar);
    }

    /** With the constant-liar mode set (AUTO means ON). */
    public TpeOptions withConstantLiar(Mode mode) {
        return new TpeOptions(startupTrials, eiCandidates, multivariate, mode);
    }
}
