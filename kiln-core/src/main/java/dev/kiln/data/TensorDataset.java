package dev.kiln.data;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A data set held in two tensors whose first dimension indexes samples: {@code inputs} (N, …)
 * and {@code targets} (N, …). The data loader batches it by copying rows directly.
 *
 * @param inputs all inputs (N, …), contiguous
 * @param targets all targets (N, …), as many as inputs, contiguous
 */
public record TensorDataset(Tensor inputs, Tensor targets) implements Dataset {
    /** Validates that both have the same first dimension and makes them contiguous. */
    public TensorDataset {
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + Shape.str(inputs.shape()) + " and targets "
                    + Shape.str(targets.shape()) + " must have the same (non-zero rank) first dimension");
        }
        inputs = inputs.contiguous();
        targets = targets.contiguous();
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Sample get(int index) {
        return new Sample(inputs.select(0, index), targets.select(0, index));
    }

    /**
     * The rows at {@code indices} as one batch (a copy).
     *
     * @param indices the rows to take
     * @return their inputs and targets, copied
     */
    public Batch rows(int[] indices) {
        long[] rows = new long[indices.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = indices[i];
        }
        Tensor index = Tensor.of(rows);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }
}
