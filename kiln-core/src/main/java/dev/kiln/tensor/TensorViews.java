package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Cast;
import dev.kiln.tensor.ops.Views;

/**
 * Views and layout changes ({@code view}, {@code reshape}, {@code transpose}, {@code narrow},
 * {@code expand} …), copies and dtype conversion; the ops are in {@code tensor.ops.Views}. One layer
 * of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorViews extends TensorCreation permits TensorArithmetic {
    TensorViews(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ views

    /**
     * {@return a view with another shape (one -1 is inferred); the tensor must be contiguous enough}
     *
     * @param newShape the new shape; one entry may be -1 to infer it from the element count
     */
    public Tensor view(int... newShape) {
        return Views.view(self(), newShape);
    }

    /**
     * Like {@link #view} but copies when the layout does not allow a view.
     *
     * @param newShape the new shape; one entry may be -1 to infer it from the element count
     * @return a tensor of the new shape: a view when possible, else a copy
     */
    public Tensor reshape(int... newShape) {
        return Views.reshape(self(), newShape);
    }

    /**
     * Swaps two dimensions.
     *
     * @param dim0 the first dimension to swap
     * @param dim1 the second dimension to swap
     * @return a view with {@code dim0} and {@code dim1} swapped
     */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(self(), dim0, dim1);
    }

    /**
     * {@return the transpose of a matrix (0-D and 1-D tensors are returned as they are)}
     */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got shape " + Shape.str(shape));
        }
        return dim() < 2 ? self() : transpose(0, 1);
    }

    /**
     * Reorders the dimensions.
     *
     * @param dims the new order of the dimensions, a permutation of 0 … {@code dim() - 1}
     * @return a view with the dimensions reordered
     */
    public Tensor permute(int... dims) {
        return Views.permute(self(), dims);
    }

    /**
     * Repeats size-1 dimensions (and adds leading ones) without copying; -1 keeps a size.
     *
     * @param sizes the sizes of the new or expanded dimensions (-1 keeps a size in expand)
     * @return a view of the expanded shape, with stride 0 along the repeated dimensions
     */
    public Tensor expand(int... sizes) {
        return Views.expand(self(), sizes);
    }

    /**
     * Expands to another tensor's shape.
     *
     * @param other the other operand; broadcast against this tensor
     * @return a view of {@code other}'s shape
     */
    public Tensor expandAs(Tensor other) {
        return Views.expand(self(), other.shape);
    }

    /**
     * {@return elements [start, start+length) along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim}
     * @param length the number of elements kept from {@code start}
     */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(self(), dim, start, length);
    }

    /**
     * Python slicing {@code [start:end:step]} along {@code dim}; negative start/end count from the end.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim} (negative counts from the end; null for 0)
     * @param end the position after the last one kept (negative counts from the end; null for the size)
     * @param step the distance between consecutive values (non-zero)
     * @return a view of the selected positions
     */
    public Tensor slice(int dim, Integer start, Integer end, int step) {
        return Views.slice(self(), dim, start, end, step);
    }

    /**
     * Python slicing {@code [start:end]} along {@code dim}.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim} (negative counts from the end; null for 0)
     * @param end the position after the last one kept (negative counts from the end; null for the size)
     * @return a view of the selected positions
     */
    public Tensor slice(int dim, int start, int end) {
        return Views.slice(self(), dim, start, end, 1);
    }

    /**
     * {@return the sub-tensor at {@code index} along {@code dim}, which is removed}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index the position along {@code dim}, negative counting from the end
     */
    public Tensor select(int dim, int index) {
        return Views.select(self(), dim, index);
    }

    /**
     * Indexes leading dimensions: {@code x.get(1, 2)} is {@code x[1][2]}.
     *
     * @param indices the positions, one per leading dimension, negative counting from the end
     * @return a view of the indexed sub-tensor, with the indexed dimensions removed
     */
    public Tensor get(int... indices) {
        Tensor r = self();
        for (int i : indices) {
            r = r.select(0, i);
        }
        return r;
    }

    /**
     * Removes every size-1 dimension.
     *
     * @return a view without the removed dimensions
     */
    public Tensor squeeze() {
        return Views.squeeze(self(), null);
    }

    /**
     * Removes dimension {@code dim} if its size is 1.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a view without the removed dimensions
     */
    public Tensor squeeze(int dim) {
        return Views.squeeze(self(), dim);
    }

    /**
     * Inserts a size-1 dimension at {@code dim} (negative counts from the end of the result).
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a view with one more dimension
     */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(self(), dim);
    }

    /**
     * Flattens to 1-D.
     *
     * @return a tensor of the same elements with the merged dimensions as one (a view when the layout allows)
     */
    public Tensor flatten() {
        return Views.flatten(self(), 0, -1);
    }

    /**
     * Merges dimensions startDim … endDim (inclusive).
     *
     * @param startDim the first dimension flattened
     * @param endDim the last dimension flattened (inclusive)
     * @return a tensor of the same elements with the merged dimensions as one (a view when the layout allows)
     */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(self(), startDim, endDim);
    }

    /**
     * Splits dimension {@code dim} into {@code sizes}.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param sizes the sizes of the new or expanded dimensions (-1 keeps a size in expand)
     * @return a view with {@code dim} replaced by dimensions of {@code sizes}
     */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(self(), dim, sizes);
    }

    /**
     * {@return this tensor if contiguous, else a contiguous copy}
     */
    public Tensor contiguous() {
        return isContiguous() ? self() : Views.contiguousCopy(self());
    }

    /** A contiguous copy that records a graph node when needed. */
    @Override
    @SuppressWarnings("MethodDoesntCallSuperMethod")
    public Tensor clone() {
        return Views.contiguousCopy(self());
    }

    /**
     * {@return a copy converted to {@code type} (this tensor itself when the type already matches)}
     *
     * @param type the element type to convert to
     */
    public Tensor to(DType type) {
        return type == dtype() ? self() : Cast.to(self(), type);
    }
}
