package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.tensor.Tensor;

/** Gated linear unit along dim: a·σ(b) for the halves (a, b). Module form of {@link GatedActivations#glu}. */
public final class GLU extends Module {
    private final int dim;

    /**
     * Creates the module with the given dim.
     *
     * @param dim the dimension split into two halves; negative counts from the end
     */
    public GLU(int dim) {
        this.dim = dim;
    }

    /** Creates the module with PyTorch's defaults (dim=-1). */
    public GLU() {
        this(-1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return GatedActivations.glu(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
