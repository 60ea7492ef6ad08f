package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** relu6(x+3)/6. Module form of {@link Activations#hardsigmoid}. */
public final class Hardsigmoid extends FixedFunction {
    /** Creates the module. */
    public Hardsigmoid() {
        super(Activations::hardsigmoid, "");
    }
}
