package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/** Max/min reductions. TODO(foundation): in progress. */
public final class MaxMin {
    private MaxMin() {
    }

    public static Tensor max(Tensor x) {
        throw new UnsupportedOperationException("max");
    }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
        throw new UnsupportedOperationException("max");
    }

    public static Tensor min(Tensor x) {
        throw new UnsupportedOperationException("min");
    }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
        throw new UnsupportedOperationException("min");
    }

    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) {
        throw new UnsupportedOperationException("amax");
    }

    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) {
        throw new UnsupportedOperationException("amin");
    }

    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) {
        throw new UnsupportedOperationException("argmax");
    }

    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) {
        throw new UnsupportedOperationException("argmin");
    }
}
