package dev.kiln.data;

import dev.kiln.tensor.Tensor;

/**
 * A mini-batch: inputs stacked along a new leading dimension, and the matching targets.
 *
 * @param inputs the inputs, (N, ...)
 * @param targets the targets, (N) class indices or (N, ...) values
 */
public record Batch(Tensor inputs, Tensor targets) {
    /**
     * The number of examples in the batch.
     *
     * @return N, the leading dimension of the inputs
     */
    public int size() {
        return inputs.size(0);
    }
}
