package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x if x > threshold, else value. Module form of {@link Activations#threshold}. */
public final class Threshold extends FixedFunction {
    /**
     * The activation replacing the elements at or below {@code threshold} by {@code value}.
     *
     * @param threshold the value at or below which an element is replaced
     * @param value the value that replaces the elements at or below the threshold
     */
    public Threshold(double threshold, double value) {
        super(x -> Activations.threshold(x, threshold, value), "threshold=" + threshold + ", value=" + value);
    }
}
