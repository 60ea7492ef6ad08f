package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.tensor.Tensor;

/** Concatenated ReLU: cat([relu(x), relu(−x)], dim 1), doubling the channels. Module form of {@link GatedActivations#crelu}. */
public final class CReLU extends Module {
    /** Creates the module. */
    public CReLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return GatedActivations.crelu(input);
    }
}
