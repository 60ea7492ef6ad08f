package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link Function}'s forward hands to its backward: saved tensors (checked for in-place
 * modification and freed with the graph), which inputs need a gradient, and any other values
 * (dims, flags, scalars) under a name.
 */
public final class FunctionContext {
    private final boolean[] needsInputGrad;
    private Tensor[] pending = new Tensor[0];
    private SavedTensor[] saved;
    private Node owner;
    private Map<String, Object> values;

    FunctionContext(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /**
     * Saves tensors for the backward (call it in forward; a second call replaces the first).
     * Inputs and the output may be saved; a saved tensor modified in place before the backward
     * makes the backward fail with a message naming this function.
     *
     * @param tensors the tensors the backward needs (inputs or outputs of forward)
     */
    public void saveForBackward(Tensor... tensors) {
        if (owner != null) {
            throw new IllegalStateException("saveForBackward: call it in forward, not in backward");
        }
        pending = tensors.clone();
    }

    /**
     * {@return the saved tensors, in the order given to {@link #saveForBackward}}
     *
     *
     * @throws IllegalStateException when one was modified in place since, or the graph was freed
     *     by an earlier backward without retainGraph
     */
    public Tensor[] savedTensors() {
        if (owner == null) {
            return pending.clone();
        }
        Tensor[] out = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            out[i] = saved[i] == null ? null : saved[i].get(owner);
        }
        return out;
    }

    /**
     * {@return true when input {@code i} requires a gradient (so backward may skip the others)}
     *
     * @param i the input's index, in the order the inputs were given
     */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /**
     * Keeps a non-tensor value (a dim, a flag, a scalar) for the backward.
     *
     * @param name the key the value is kept under
     * @param value the value kept
     */
    public void put(String name, Object value) {
        if (values == null) {
            values = new HashMap<>();
        }
        values.put(name, value);
    }

    /**
     * {@return a value kept with {@link #put}}
     *
     * @param name the key the value is kept under
     * @param <T> the value's type
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        if (values == null || !values.containsKey(name)) {
            throw new IllegalArgumentException("FunctionContext: nothing was put under '" + name + "'");
        }
        return (T) values.get(name);
    }

    Tensor[] pendingSaves() {
        return pending;
    }

    void attach(Node node, SavedTensor[] savedTensors) {
        owner = node;
        saved = savedTensors;
        pending = null;
    }
}
