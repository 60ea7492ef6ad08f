package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** log σ(x), computed stably. Module form of {@link Activations#logsigmoid}. */
public final class LogSigmoid extends Module {
    /** Creates the module. */
    public LogSigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.logsigmoid(input);
    }
}
