package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called after a module's {@link Module#forward(Tensor)} when the module is run through
 * {@link Module#call(Tensor)}, as PyTorch's {@code register_forward_hook}: it sees the module, its
 * input and its output (to record activations or shapes, for instance). A hook observes; it does not
 * replace the output.
 */
@FunctionalInterface
public interface ForwardHook {
    /**
     * Observes one forward pass.
     *
     * @param module the module that ran
     * @param input its input
     * @param output its output
     */
    void afterForward(Module module, Tensor input, Tensor output);
}
