package dev.kiln.train;

/**
 * What a model's output is scored as: class scores, whose arg-max gives the accuracy, or a
 * regression, scored by its loss alone. {@link Trainer#evaluate(dev.kiln.nn.Module, LossFunction,
 * dev.kiln.data.DataLoader, Task)} computes the accuracy only for {@link #CLASSIFICATION}, and
 * {@link CheckpointCallback} keeps the best epoch by validation accuracy or by validation loss.
 */
public enum Task {
    /** Outputs of shape (N, classes) scored by accuracy (top-1 and top-5) as well as by the loss. */
    CLASSIFICATION,
    /** Outputs scored by the loss alone; the accuracy is NaN. */
    REGRESSION;

    /** {@return true for {@link #CLASSIFICATION}} */
    public boolean hasAccuracy() {
        return this == CLASSIFICATION;
    }
}
