package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** Scaled ELU with the self-normalising constants. Module form of {@link Activations#selu}. */
public final class SELU extends Module {
    /** Creates the module. */
    public SELU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.selu(input);
    }
}
