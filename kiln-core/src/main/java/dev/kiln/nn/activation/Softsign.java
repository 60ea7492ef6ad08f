package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x/(1+|x|). Module form of {@link Activations#softsign}. */
public final class Softsign extends Module {
    /** Creates the module. */
    public Softsign() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.softsign(input);
    }
}
