package dev.kiln.train;

import dev.kiln.tensor.Tensor;

/** A loss from the model's output and the batch targets, such as {@code new CrossEntropyLoss()::forward}. */
@FunctionalInterface
public interface LossFunction {
    /**
     * The scalar loss of one batch.
     *
     * @param output the model's output for the batch
     * @param target the batch's targets
     * @return a scalar tensor to call {@code backward()} on
     */
    Tensor apply(Tensor output, Tensor target);
}
