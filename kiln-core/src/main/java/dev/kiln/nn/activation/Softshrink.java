package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x − λ·sign(x) if |x| > λ, else 0. Module form of {@link Activations#softshrink}. */
public final class Softshrink extends FixedFunction {
    /**
     * The activation with the given lambd.
     *
     * @param lambd the threshold λ below which magnitudes are shrunk to 0 (≥ 0)
     */
    public Softshrink(double lambd) {
        super(x -> Activations.softshrink(x, lambd), "lambd=" + lambd);
    }

    /** The activation with PyTorch's default (lambd=0.5). */
    public Softshrink() {
        this(0.5);
    }
}
