package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.tensor.Tensor;

/** Maxout: the maximum of each group of poolSize consecutive features along dim. Module form of {@link GatedActivations#maxout}. */
public final class Maxout extends Module {
    private final int poolSize;
    private final int dim;

    /**
     * Creates the module with the given poolSize, dim.
     *
     * @param poolSize the number of consecutive features each output takes the maximum of
     * @param dim the dimension the function runs along; negative counts from the end
     */
    public Maxout(int poolSize, int dim) {
        this.poolSize = poolSize;
        this.dim = dim;
    }

    /**
     * Creates the module with dim = 1.
     *
     * @param poolSize the number of consecutive features each output takes the maximum of
     */
    public Maxout(int poolSize) {
        this(poolSize, 1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return GatedActivations.maxout(input, poolSize, dim);
    }

    @Override
    public String extraRepr() {
        return "pool_size=" + poolSize + ", dim=" + dim;
    }
}
