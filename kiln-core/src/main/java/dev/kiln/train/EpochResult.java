package dev.kiln.train;

/**
 * What one epoch of training measured. Validation fields are NaN when there is no validation
 * loader; accuracies are NaN for regression. Serializable, so that a distributed trainer's
 * replica can send its results back.
 *
 * @param epoch the epoch's number, from 1
 * @param trainLoss the mean training loss
 * @param trainAccuracy the training accuracy in [0, 1] (NaN when not classifying)
 * @param valLoss the mean validation loss (NaN without validation)
 * @param valAccuracy the validation accuracy in [0, 1] (NaN without validation or classification)
 * @param learningRate the learning rate at the end of the epoch
 * @param seconds the epoch's wall-clock duration in seconds
 * @param samples the number of training samples seen
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double learningRate, double seconds, long samples) implements java.io.Serializable {
    /**
     * {@return training throughput in samples per second}
     */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
