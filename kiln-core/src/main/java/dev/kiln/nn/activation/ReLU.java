package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** max(0, x). Module form of {@link Activations#relu}. */
public final class ReLU extends Module {
    /** Creates the module. */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.relu(input);
    }
}
