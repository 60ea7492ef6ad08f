package dev.kiln.nn;

/**
 * Removes a hook registered on a module, as PyTorch's {@code RemovableHandle}; usable in
 * try-with-resources so that a hook lives exactly as long as a block:
 * <pre>{@code
 * try (HookHandle h = model.registerForwardHook((m, in, out) -> shapes.add(out.shape()))) {
 *     model.call(x);
 * }
 * }</pre>
 */
public final class HookHandle implements AutoCloseable {
    private final Runnable removal;
    private boolean removed;

    HookHandle(Runnable removal) {
        this.removal = removal;
    }

    /** Unregisters the hook; later calls do nothing. */
    public void remove() {
        if (!removed) {
            removed = true;
            removal.run();
        }
    }

    /** Same as {@link #remove()}. */
    @Override
    public void close() {
        remove();
    }
}
