package dev.kiln.autograd;

/**
 * The handle {@code Tensor.registerHook} returns (PyTorch's {@code RemovableHandle}): removing it
 * takes the hook off, so later backward passes no longer call it.
 */
@FunctionalInterface
public interface HookHandle {
    /** Removes the hook; removing it twice does nothing. */
    void remove();
}
