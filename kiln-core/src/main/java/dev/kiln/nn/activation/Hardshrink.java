package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x if |x| > λ, else 0. Module form of {@link Activations#hardshrink}. */
public final class Hardshrink extends Module {
    private final double lambd;

    /**
     * Creates the module with the given lambd.
     *
     * @param lambd the threshold λ below which magnitudes are shrunk to 0 (≥ 0)
     */
    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    /** Creates the module with PyTorch's defaults (lambd=0.5). */
    public Hardshrink() {
        this(0.5);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.hardshrink(input, lambd);
    }

    @Override
    public String extraRepr() {
        return "lambd=" + lambd;
    }
}
