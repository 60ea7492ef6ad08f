package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called before a module's {@link Module#forward(Tensor)} when the module is run through
 * {@link Module#call(Tensor)}, as PyTorch's {@code register_forward_pre_hook}.
 */
@FunctionalInterface
public interface ForwardPreHook {
    /**
     * Observes the input of one forward pass.
     *
     * @param module the module about to run
     * @param input its input
     */
    void beforeForward(Module module, Tensor input);
}
