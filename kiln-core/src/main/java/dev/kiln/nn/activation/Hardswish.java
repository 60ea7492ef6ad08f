package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x·relu6(x+3)/6. Module form of {@link Activations#hardswish}. */
public final class Hardswish extends Module {
    /** Creates the module. */
    public Hardswish() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.hardswish(input);
    }
}
