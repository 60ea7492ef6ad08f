package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;

/** Cumulative ops. TODO(foundation): in progress. */
public final class Cumulative {
    private Cumulative() {
    }

    public static Tensor cumsum(Tensor x, int dim) {
        throw new UnsupportedOperationException("cumsum");
    }
}
