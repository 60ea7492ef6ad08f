package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Turns a list of samples into a batch; the default stacks inputs and targets along a new dimension 0. */
@FunctionalInterface
public interface Collate {
    /**
     * Builds one batch.
     *
     * @param samples the samples of one batch, in order
     * @return the batch
     */
    Batch apply(List<Sample> samples);

    /**
     * Stacks inputs and targets (like PyTorch's default_collate).
     *
     * @return the collate function that stacks inputs and targets along a new first dimension
     */
    static Collate stack() {
        return samples -> {
            List<Tensor> inputs = new ArrayList<>(samples.size());
            List<Tensor> targets = new ArrayList<>(samples.size());
            for (Sample s : samples) {
                inputs.add(s.input());
                targets.add(s.target());
            }
            return new Batch(Tensor.stack(inputs, 0), Tensor.stack(targets, 0));
        };
    }
}
