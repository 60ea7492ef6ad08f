package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** The logistic sigmoid 1/(1+e^−x). Module form of {@link Activations#sigmoid}. */
public final class Sigmoid extends FixedFunction {
    /** Creates the module. */
    public Sigmoid() {
        super(Activations::sigmoid, "");
    }
}
