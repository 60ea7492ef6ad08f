package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x − tanh x. Module form of {@link Activations#tanhshrink}. */
public final class Tanhshrink extends Module {
    /** Creates the module. */
    public Tanhshrink() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.tanhshrink(input);
    }
}
