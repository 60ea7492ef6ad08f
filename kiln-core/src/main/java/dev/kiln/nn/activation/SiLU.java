package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** SiLU (swish): x·σ(x). Module form of {@link Activations#silu}. */
public final class SiLU extends Module {
    /** Creates the module. */
    public SiLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.silu(input);
    }
}
