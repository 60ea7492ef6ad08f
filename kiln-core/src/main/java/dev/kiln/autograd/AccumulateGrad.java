package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;

/** The graph node of a leaf tensor that requires grad: backward adds the incoming gradient to {@code leaf.grad}. */
public final class AccumulateGrad extends Node {
    private final Tensor leaf;

    /** The accumulator for {@code leaf}; obtained through {@link Tensor#gradEdge()}. */
    public AccumulateGrad(Tensor leaf) {
        super();
        this.leaf = leaf;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        leaf.accumulateGrad(gradOutput);
        return new Tensor[0];
    }

    @Override
    public String name() {
        return "AccumulateGrad";
    }
}
