package dev.kiln.data;

import dev.kiln.tensor.Tensor;

/** A mini-batch: inputs stacked along a new leading dimension, and the matching targets. */
public record Batch(Tensor inputs, Tensor targets) {
    /** The number of examples in the batch. */
    public int size() {
        return inputs.size(0);
    }
}
