package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** The hyperbolic tangent. Module form of {@link Activations#tanh}. */
public final class Tanh extends FixedFunction {
    /** Creates the module. */
    public Tanh() {
        super(Activations::tanh, "");
    }
}
