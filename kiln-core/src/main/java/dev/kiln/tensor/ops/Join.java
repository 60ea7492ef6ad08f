package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;
import java.util.List;

/** cat/stack/split/chunk. TODO(foundation): in progress. */
public final class Join {
    private Join() {
    }

    public static Tensor cat(List<Tensor> tensors, int dim) {
        throw new UnsupportedOperationException("cat");
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        throw new UnsupportedOperationException("stack");
    }

    public static List<Tensor> split(Tensor x, int splitSize, int dim) {
        throw new UnsupportedOperationException("split");
    }

    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        throw new UnsupportedOperationException("split");
    }

    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        throw new UnsupportedOperationException("chunk");
    }
}
