package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Softmax along dim. Module form of {@link dev.kiln.nn.functional.Softmax#softmax}. */
public final class Softmax extends Module {
    private final int dim;

    /**
     * Creates the module with the given dim.
     *
     * @param dim the dimension along which the output sums to 1
     */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return dev.kiln.nn.functional.Softmax.softmax(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
