package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** log σ(x), computed stably. Module form of {@link Activations#logsigmoid}. */
public final class LogSigmoid extends FixedFunction {
    /** Creates the module. */
    public LogSigmoid() {
        super(Activations::logsigmoid, "");
    }
}
