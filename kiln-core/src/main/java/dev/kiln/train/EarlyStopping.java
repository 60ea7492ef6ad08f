package dev.kiln.train;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when the monitored metric (validation loss by default) has not improved by more
 * than {@code minDelta} for {@code patience} epochs, optionally restoring the best weights seen
 * (parameters and buffers) when training ends.
 *
 * <pre>{@code
 * new EarlyStopping(EarlyStopping.Options.of(5).withMinDelta(1e-3).withMonitor(EarlyStopping.Monitor.VALIDATION_ACCURACY))
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    /** The metric watched for improvement. */
    public enum Monitor {
        /** The validation loss; lower is better. */
        VALIDATION_LOSS,
        /** The validation accuracy; higher is better. */
        VALIDATION_ACCURACY
    }

    /**
     * Early-stopping settings.
     *
     * @param patience epochs without improvement before stopping (≥ 0)
     * @param minDelta the smallest change that counts as an improvement (≥ 0)
     * @param restoreBest whether to load the best epoch's weights back when stopping
     * @param monitor the metric watched
     */
    public record Options(int patience, double minDelta, boolean restoreBest, Monitor monitor) {
        /** Validates. */
        public Options {
            if (patience < 0 || minDelta < 0) {
                throw new IllegalArgumentException("EarlyStopping: patience and minDelta must be non-negative, got patience "
                        + patience + ", minDelta " + minDelta);
            }
            Objects.requireNonNull(monitor, "EarlyStopping: monitor");
        }

        /**
         * {@return the validation loss watched for {@code patience} epochs, minDelta 0, the best weights restored}
         *
         * @param patience epochs without improvement before stopping (≥ 0)
         */
        public static Options of(int patience) {
            return new Options(patience, 0, true, Monitor.VALIDATION_LOSS);
        }

        /**
         * {@return a copy with another minDelta}
         *
         * @param v the smallest change that counts as an improvement (≥ 0)
         */
        public Options withMinDelta(double v) {
            return new Options(patience, v, restoreBest, monitor);
        }

        /**
         * {@return a copy with another restoreBest}
         *
         * @param v whether to load the best epoch's weights back when stopping
         */
        public Options withRestoreBest(boolean v) {
            return new Options(patience, minDelta, v, monitor);
        }

        /**
         * {@return a copy watching another metric}
         *
         * @param v the metric watched
         */
        public Options withMonitor(Monitor v) {
            return new Options(patience, minDelta, restoreBest, v);
        }
    }

    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private final boolean monitorAccuracy;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;
    private Map<String, Tensor> bestWeights;

    /**
     * Monitors the validation loss (lower is better) or the validation accuracy (higher is better), as {@code options} say.
     *
     * @param options the patience, minimum improvement, metric and whether to restore the best weights
     */
    public EarlyStopping(Options options) {
        this.patience = options.patience();
        this.minDelta = options.minDelta();
        this.restoreBest = options.restoreBest();
        this.monitorAccuracy = options.monitor() == Monitor.VALIDATION_ACCURACY;
    }

    /**
     * The epoch with the best metric so far.
     *
     * @return the best epoch, from 1 (0 before the first)
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult r) {
        double value = monitorAccuracy ? r.valAccuracy() : r.valLoss();
        if (Double.isNaN(value)) {
            throw new IllegalStateException("EarlyStopping needs a validation loader (the monitored metric is missing)");
        }
        boolean improved = Double.isNaN(best) || (monitorAccuracy ? value > best + minDelta : value < best - minDelta);
        if (improved) {
            best = value;
            bestEpoch = r.epoch();
            wait = 0;
            if (restoreBest) {
                // parameters and buffers (batch-norm running statistics belong to the best model too)
                bestWeights = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : trainer.model().stateDict().entrySet()) {
                    bestWeights.put(e.getKey(), e.getValue().clone());
                }
            }
            return false;
        }
        wait++;
        return wait > patience;
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (restoreBest && bestWeights != null) {
            trainer.model().loadStateDict(bestWeights, true);
        }
    }
}
