package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** The hyperbolic tangent. Module form of {@link Activations#tanh}. */
public final class Tanh extends Module {
    /** Creates the module. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.tanh(input);
    }
}
