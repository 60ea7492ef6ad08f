package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** Mish: x·tanh(softplus(x)). Module form of {@link Activations#mish}. */
public final class Mish extends Module {
    /** Creates the module. */
    public Mish() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.mish(input);
    }
}
