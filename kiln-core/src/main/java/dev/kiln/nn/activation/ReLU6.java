package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** min(max(0, x), 6). Module form of {@link Activations#relu6}. */
public final class ReLU6 extends FixedFunction {
    /** Creates the module. */
    public ReLU6() {
        super(Activations::relu6, "");
    }
}
