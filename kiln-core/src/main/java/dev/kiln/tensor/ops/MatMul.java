package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;

/** Matrix products. TODO(foundation): GEMM-backed implementation in progress. */
public final class MatMul {
    private MatMul() {
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("matmul");
    }

    public static Tensor mm(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("mm");
    }

    public static Tensor bmm(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("bmm");
    }

    public static Tensor dot(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("dot");
    }

    public static Tensor outer(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("outer");
    }
}
