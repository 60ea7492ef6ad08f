package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** Scaled ELU with the self-normalising constants. Module form of {@link Activations#selu}. */
public final class SELU extends FixedFunction {
    /** Creates the module. */
    public SELU() {
        super(Activations::selu, "");
    }
}
