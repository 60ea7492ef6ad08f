package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Flattens dimensions {@code startDim..endDim} into one: by default every dimension but the batch,
 * (N, C, H, W) → (N, C·H·W).
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens dimensions 1..−1. */
    public Flatten() {
        this(1, -1);
    }

    /**
     * Flattens dimensions {@code startDim..endDim} (negative counts from the end).
     *
     * @param startDim the first dimension flattened
     * @param endDim the last dimension flattened (inclusive; negative counts from the end)
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
