package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Softmax;

/** Log-softmax along dim (stable). Module form of {@link Softmax#logSoftmax}. */
public final class LogSoftmax extends FixedFunction {
    /**
     * Log-softmax along {@code dim}.
     *
     * @param dim the dimension along which the output is normalised
     */
    public LogSoftmax(int dim) {
        super(x -> Softmax.logSoftmax(x, dim), "dim=" + dim);
    }
}
