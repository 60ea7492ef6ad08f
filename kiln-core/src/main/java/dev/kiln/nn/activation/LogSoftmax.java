package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.Tensor;

/** Log-softmax along dim (stable). Module form of {@link Softmax#logSoftmax}. */
public final class LogSoftmax extends Module {
    private final int dim;

    /**
     * Creates the module with the given dim.
     *
     * @param dim the dimension along which the output is normalised
     */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Softmax.logSoftmax(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
