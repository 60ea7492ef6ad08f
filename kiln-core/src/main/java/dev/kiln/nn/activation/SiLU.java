package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** SiLU (swish): x·σ(x). Module form of {@link Activations#silu}. */
public final class SiLU extends FixedFunction {
    /** Creates the module. */
    public SiLU() {
        super(Activations::silu, "");
    }
}
