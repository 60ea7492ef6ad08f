package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** relu6(x+3)/6. Module form of {@link Activations#hardsigmoid}. */
public final class Hardsigmoid extends Module {
    /** Creates the module. */
    public Hardsigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.hardsigmoid(input);
    }
}
