package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * The common part of the activation modules without learned state: forward applies a fixed
 * function of the input (a functional form from {@link dev.kiln.nn.functional.Activations},
 * {@link dev.kiln.nn.functional.Softmax} or {@link dev.kiln.nn.functional.GatedActivations} with the
 * settings given at construction), and the repr lists those settings as PyTorch prints them.
 */
abstract class FixedFunction extends Module {
    private final UnaryOperator<Tensor> function;
    private final String settings;

    /**
     * An activation computing {@code function}.
     *
     * @param function the output for an input, with the settings bound
     * @param settings the settings as PyTorch's repr prints them ("alpha=1.0"), or "" for none
     */
    FixedFunction(UnaryOperator<Tensor> function, String settings) {
        this.function = function;
        this.settings = settings;
    }

    @Override
    public final Tensor forward(Tensor input) {
        return function.apply(input);
    }

    @Override
    public final String extraRepr() {
        return settings;
    }
}
