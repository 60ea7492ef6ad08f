package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x·relu6(x+3)/6. Module form of {@link Activations#hardswish}. */
public final class Hardswish extends FixedFunction {
    /** Creates the module. */
    public Hardswish() {
        super(Activations::hardswish, "");
    }
}
