package dev.kiln.nn.activation;

import dev.kiln.nn.functional.GatedActivations;

/** Concatenated ReLU: cat([relu(x), relu(−x)], dim 1), doubling the channels. Module form of {@link GatedActivations#crelu}. */
public final class CReLU extends FixedFunction {
    /** Creates the module. */
    public CReLU() {
        super(GatedActivations::crelu, "");
    }
}
