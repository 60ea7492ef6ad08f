package dev.kiln.onnx.ops;

import dev.kiln.tensor.Tensor;

/**
 * A compiled ONNX node: computes the node's outputs from its inputs with Kiln's tensor operations
 * (so autograd records them).
 */
@FunctionalInterface
public interface Kernel {
    /**
     * @param inputs the node's inputs in order; an omitted optional input is null
     * @param mode inference or training (Dropout and BatchNormalization depend on it)
     * @return the node's outputs in order; an output nobody reads may be null
     */
    Tensor[] run(Tensor[] inputs, ExecutionMode mode);
}
