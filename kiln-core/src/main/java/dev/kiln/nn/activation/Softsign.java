package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x/(1+|x|). Module form of {@link Activations#softsign}. */
public final class Softsign extends FixedFunction {
    /** Creates the module. */
    public Softsign() {
        super(Activations::softsign, "");
    }
}
