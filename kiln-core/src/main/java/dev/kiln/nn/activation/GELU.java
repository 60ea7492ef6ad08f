package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** GELU, exact ("none") or with the tanh approximation ("tanh"). Module form of {@link Activations#gelu}. */
public final class GELU extends Module {
    private final String approximate;

    /**
     * Creates the module with the given approximate.
     *
     * @param approximate "none" for the exact erf form, "tanh" for the tanh approximation
     */
    public GELU(String approximate) {
        this.approximate = approximate;
    }

    /** Creates the module with PyTorch's defaults (approximate="none"). */
    public GELU() {
        this("none");
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.gelu(input, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
