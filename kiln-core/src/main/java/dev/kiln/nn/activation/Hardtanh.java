package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** clamp(x, minVal, maxVal), derivative 0 at the bounds. Module form of {@link Activations#hardtanh}. */
public final class Hardtanh extends FixedFunction {
    /**
     * The activation clamping to [minVal, maxVal].
     *
     * @param minVal the lower bound of the output
     * @param maxVal the upper bound of the output
     */
    public Hardtanh(double minVal, double maxVal) {
        super(x -> Activations.hardtanh(x, minVal, maxVal), "min_val=" + minVal + ", max_val=" + maxVal);
    }

    /** The activation with PyTorch's defaults (minVal=-1, maxVal=1). */
    public Hardtanh() {
        this(-1, 1);
    }
}
