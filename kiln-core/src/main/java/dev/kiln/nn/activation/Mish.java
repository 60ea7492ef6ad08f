package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** Mish: x·tanh(softplus(x)). Module form of {@link Activations#mish}. */
public final class Mish extends FixedFunction {
    /** Creates the module. */
    public Mish() {
        super(Activations::mish, "");
    }
}
