package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.Tensor;

/** Softmin along dim: softmax(−x). Module form of {@link Softmax#softmin}. */
public final class Softmin extends Module {
    private final int dim;

    /**
     * Creates the module with the given dim.
     *
     * @param dim the dimension along which the output sums to 1
     */
    public Softmin(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Softmax.softmin(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
