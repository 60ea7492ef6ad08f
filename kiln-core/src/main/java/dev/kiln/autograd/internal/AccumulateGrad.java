package dev.kiln.autograd.internal;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/** The graph node of a leaf tensor that requires grad: backward adds the incoming gradient to {@code leaf.grad}. */
public final class AccumulateGrad extends LibraryNode {
    private final Tensor leaf;

    /** The accumulator for {@code leaf}; made once by the leaf's {@link AutogradMeta#gradEdge()}. */
    AccumulateGrad(Tensor leaf) {
        super();
        this.leaf = leaf;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        TensorInternals.accumulateGrad(leaf, gradOutput);
        return new Tensor[0];
    }

    @Override
    public String name() {
        return "AccumulateGrad";
    }
}
