package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;

/** gather/scatter/indexSelect/maskedFill/oneHot/where. TODO(foundation): in progress. */
public final class Indexing {
    private Indexing() {
    }

    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        throw new UnsupportedOperationException("where");
    }

    public static Tensor gather(Tensor x, int dim, Tensor index) {
        throw new UnsupportedOperationException("gather");
    }

    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("scatter");
    }

    public static Tensor scatter(Tensor x, int dim, Tensor index, double value) {
        throw new UnsupportedOperationException("scatter");
    }

    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("scatterAdd");
    }

    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        throw new UnsupportedOperationException("indexSelect");
    }

    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        throw new UnsupportedOperationException("maskedFill");
    }

    public static Tensor oneHot(Tensor indices, int numClasses) {
        throw new UnsupportedOperationException("oneHot");
    }
}
