package dev.kiln.nn.activation;

import dev.kiln.nn.functional.GatedActivations;

/** Maxout: the maximum of each group of poolSize consecutive features along dim. Module form of {@link GatedActivations#maxout}. */
public final class Maxout extends FixedFunction {
    /**
     * Maxout over groups of {@code poolSize} features along {@code dim}.
     *
     * @param poolSize the number of consecutive features each output takes the maximum of
     * @param dim the dimension the function runs along; negative counts from the end
     */
    public Maxout(int poolSize, int dim) {
        super(x -> GatedActivations.maxout(x, poolSize, dim), "pool_size=" + poolSize + ", dim=" + dim);
    }

    /**
     * Maxout along dimension 1.
     *
     * @param poolSize the number of consecutive features each output takes the maximum of
     */
    public Maxout(int poolSize) {
        this(poolSize, 1);
    }
}
