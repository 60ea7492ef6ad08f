package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/** sort/topk. TODO(foundation): in progress. */
public final class Sorting {
    private Sorting() {
    }

    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        throw new UnsupportedOperationException("topk");
    }

    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        throw new UnsupportedOperationException("sort");
    }
}
