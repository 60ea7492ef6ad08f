package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** clamp(x, minVal, maxVal), derivative 0 at the bounds. Module form of {@link Activations#hardtanh}. */
public final class Hardtanh extends Module {
    private final double minVal;
    private final double maxVal;

    /**
     * Creates the module with the given minVal, maxVal.
     *
     * @param minVal the lower bound of the output
     * @param maxVal the upper bound of the output
     */
    public Hardtanh(double minVal, double maxVal) {
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    /** Creates the module with PyTorch's defaults (minVal=-1, maxVal=1). */
    public Hardtanh() {
        this(-1, 1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.hardtanh(input, minVal, maxVal);
    }

    @Override
    public String extraRepr() {
        return "min_val=" + minVal + ", max_val=" + maxVal;
    }
}
