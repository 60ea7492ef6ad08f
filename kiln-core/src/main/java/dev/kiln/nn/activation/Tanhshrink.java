package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x − tanh x. Module form of {@link Activations#tanhshrink}. */
public final class Tanhshrink extends FixedFunction {
    /** Creates the module. */
    public Tanhshrink() {
        super(Activations::tanhshrink, "");
    }
}
