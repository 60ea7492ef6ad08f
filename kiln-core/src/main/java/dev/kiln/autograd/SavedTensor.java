package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * A tensor saved by a graph node for its backward ({@link Node#save(Tensor)}), with the version of
 * its storage at the time. Reading it back after an in-place modification fails with a message
 * naming the node.
 */
public final class SavedTensor {
    private Tensor tensor;
    private final int version;

    /** Saves {@code tensor} as it is now (only through {@link Node#save(Tensor)}). */
    SavedTensor(Tensor tensor) {
        this.tensor = tensor;
        this.version = TensorInternals.storage(tensor).version();
    }

    /**
     * {@return the saved tensor}
     *
     *
     * @param owner the node that saved it (named in the error message)
     * @throws IllegalStateException if it was modified in place since it was saved, or released
     */
    public Tensor get(Node owner) {
        if (tensor == null) {
            throw new IllegalStateException(owner.name() + ": trying to backward through the graph a second time "
                    + "(its saved tensors were freed); call backward(gradient, true) to retain the graph");
        }
        int now = TensorInternals.storage(tensor).version();
        if (now != version) {
            throw new IllegalStateException(owner.name() + ": one of the tensors needed for gradient computation "
                    + "has been modified by an in-place operation: " + tensor.dtype() + java.util.Arrays.toString(tensor.shape())
                    + " is at version " + now + "; expected version " + version);
        }
        return tensor;
    }

    /** Drops the reference so that memory is freed after a backward without retained graph. */
    void release() {
        tensor = null;
    }
}
