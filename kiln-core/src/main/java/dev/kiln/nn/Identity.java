package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Returns its input unchanged: a placeholder, for example where a head is removed from a model. */
public class Identity extends Module {
    /** An identity layer. */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
