package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Softmax;

/** Softmin along dim: softmax(−x). Module form of {@link Softmax#softmin}. */
public final class Softmin extends FixedFunction {
    /**
     * Softmin along {@code dim}.
     *
     * @param dim the dimension along which the output sums to 1
     */
    public Softmin(int dim) {
        super(x -> Softmax.softmin(x, dim), "dim=" + dim);
    }
}
