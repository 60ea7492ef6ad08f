package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x if x > threshold, else value. Module form of {@link Activations#threshold}. */
public final class Threshold extends Module {
    private final double threshold;
    private final double value;

    /**
     * Creates the module with the given threshold, value.
     *
     * @param threshold the value at or below which an element is replaced
     * @param value the value that replaces the elements at or below the threshold
     */
    public Threshold(double threshold, double value) {
        this.threshold = threshold;
        this.value = value;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.threshold(input, threshold, value);
    }

    @Override
    public String extraRepr() {
        return "threshold=" + threshold + ", value=" + value;
    }
}
