package dev.kiln.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * A trial as an executor sees it: its number in the study, the parameters the driver's sampler
 * chose (values are {@code Double}, {@code Long}/{@code Integer} or {@code String}, as the
 * distributions give them), and the channel to the driver's study through which
 * {@link #report} and {@link #shouldPrune} reach the study's pruner, as
 * {@link dev.kiln.tune.Trial#report} and {@link dev.kiln.tune.Trial#shouldPrune} do in one process.
 *
 * <pre>{@code
 * for (int epoch = 1; epoch <= epochs; epoch++) {
 *     double loss = trainOneEpoch();
 *     trial.report(epoch, loss);
 *     if (trial.shouldPrune()) {
 *         throw new TrialPrunedException("pruned after epoch " + epoch);
 *     }
 * }
 * }</pre>
 *
 * @param number the trial's number in the study
 * @param params the sampled parameters by name
 * @param pruning the way to the driver's study, or null for a trial that has none
 */
public record RemoteTrial(int number, Map<String, Object> params, PruningChannel pruning) implements Serializable {
    public RemoteTrial {
        params = Map.copyOf(params);
    }

    /** A trial without a channel to a study ({@link #report} and {@link #shouldPrune} then refuse). */
    public RemoteTrial(int number, Map<String, Object> params) {
        this(number, params, null);
    }

    /** A numeric parameter. */
    public double number(String name) {
        return ((Number) param(name)).doubleValue();
    }

    /** A parameter as text. */
    public String string(String name) {
        return String.valueOf(param(name));
    }

    private Object param(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trial " + number + " has no parameter '" + name + "'; it has " + params.keySet());
        }
        return v;
    }

    /**
     * Records an intermediate value (for example the validation loss after epoch {@code step}) in
     * the driver's study, for its pruner. A retried task that reports a step again overwrites it.
     */
    public void report(int step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("report: step must be >= 0, got " + step);
        }
        channel().report(number, step, value);
    }

    /**
     * Whether the driver's pruner says this trial should stop now (then throw
     * {@link dev.kiln.tune.TrialPrunedException}). A trial the study no longer runs (a stale
     * attempt of a trial already told) is told to stop.
     */
    public boolean shouldPrune() {
        return channel().shouldPrune(number);
    }

    private PruningChannel channel() {
        if (pruning == null) {
            throw new IllegalStateException("trial " + number + " has no channel to a study (a RemoteTrial made outside SparkStudy)");
        }
        return pruning;
    }
}
