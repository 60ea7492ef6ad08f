package dev.kiln.nn.activation;

import dev.kiln.nn.functional.GatedActivations;

/** Gated linear unit along dim: a·σ(b) for the halves (a, b). Module form of {@link GatedActivations#glu}. */
public final class GLU extends FixedFunction {
    /**
     * The activation with the given dim.
     *
     * @param dim the dimension split into two halves; negative counts from the end
     */
    public GLU(int dim) {
        super(x -> GatedActivations.glu(x, dim), "dim=" + dim);
    }

    /** The activation with PyTorch's default (dim=-1). */
    public GLU() {
        this(-1);
    }
}
