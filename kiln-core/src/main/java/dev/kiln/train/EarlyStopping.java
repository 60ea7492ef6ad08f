package dev.kiln.train;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when the monitored metric (validation loss by default) has not improved by more
 * than {@code minDelta} for {@code patience} epochs, optionally restoring the best weights seen
 * (parameters and buffers) when training ends.
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private final boolean monitorAccuracy;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;
    private Map<String, Tensor> bestWeights;

    /**
     * Monitors the validation loss (lower is better) or, with {@code monitorAccuracy}, the
     * validation accuracy (higher is better).
     *
     * @param patience epochs without improvement before stopping
     * @param minDelta the smallest change that counts as an improvement
     * @param restoreBest whether to load the best epoch's weights back when stopping
     * @param monitorAccuracy watch the validation accuracy instead of the loss
     */
    public EarlyStopping(int patience, double minDelta, boolean restoreBest, boolean monitorAccuracy) {
        if (patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience and minDelta must be non-negative");
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.monitorAccuracy = monitorAccuracy;
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
