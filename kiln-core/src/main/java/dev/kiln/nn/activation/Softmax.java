package dev.kiln.nn.activation;

/** Softmax along dim. Module form of {@link dev.kiln.nn.functional.Softmax#softmax}. */
public final class Softmax extends FixedFunction {
    /**
     * Softmax along {@code dim}.
     *
     * @param dim the dimension along which the output sums to 1
     */
    public Softmax(int dim) {
        super(x -> dev.kiln.nn.functional.Softmax.softmax(x, dim), "dim=" + dim);
    }
}
