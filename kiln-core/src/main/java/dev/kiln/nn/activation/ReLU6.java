package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** min(max(0, x), 6). Module form of {@link Activations#relu6}. */
public final class ReLU6 extends Module {
    /** Creates the module. */
    public ReLU6() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.relu6(input);
    }
}
