package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/** Splits dimension {@code dim} into {@code sizes}: Unflatten(1, 1, 28, 28) maps (N, 784) → (N, 1, 28, 28). */
public class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /**
     * Unflattens {@code dim} (negative counts from the end) into {@code sizes}, whose product must equal its size.
     *
     * @param dim the dimension split
     * @param sizes the sizes it is split into; their product is its size
     */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: sizes must not be empty");
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, sizes);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Arrays.toString(sizes);
    }
}
