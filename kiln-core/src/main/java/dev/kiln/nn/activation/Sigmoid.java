package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** The logistic sigmoid 1/(1+e^−x). Module form of {@link Activations#sigmoid}. */
public final class Sigmoid extends Module {
    /** Creates the module. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.sigmoid(input);
    }
}
