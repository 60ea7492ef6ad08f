package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x if |x| > λ, else 0. Module form of {@link Activations#hardshrink}. */
public final class Hardshrink extends FixedFunction {
    /**
     * The activation with the given lambd.
     *
     * @param lambd the threshold λ below which magnitudes are shrunk to 0 (≥ 0)
     */
    public Hardshrink(double lambd) {
        super(x -> Activations.hardshrink(x, lambd), "lambd=" + lambd);
    }

    /** The activation with PyTorch's default (lambd=0.5). */
    public Hardshrink() {
        this(0.5);
    }
}
