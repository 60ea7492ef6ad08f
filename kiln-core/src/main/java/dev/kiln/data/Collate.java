package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Turns a list of samples into a batch; the default stacks inputs and targets along a new dimension 0. */
@FunctionalInterface
public interface Collate {
    /** Builds one batch. */
    Batch apply(List<Sample> samples);

    /** Stacks inputs and targets (like PyTorch's default_collate). */
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
