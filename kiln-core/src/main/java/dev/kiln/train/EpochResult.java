package dev.kiln.train;

/**
 * What one epoch of training measured. Validation fields are NaN when there is no validation
 * loader; accuracies are NaN for regression. Serializable, so that a distributed trainer's
 * replica can send its results back.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double learningRate, double seconds, long samples) implements java.io.Serializable {
    /** Training throughput in samples per second. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
