package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Indexing;
import dev.kiln.tensor.ops.Join;
import dev.kiln.tensor.ops.Sorting;
import dev.kiln.tensor.ops.Views;
import java.util.Arrays;
import java.util.List;

/**
 * Joining, indexing and sorting ({@code cat}, {@code gather}, {@code indexSelect}, {@code sort},
 * {@code topk} …). One layer of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorIndexing extends TensorReductions permits TensorInPlace {
    TensorIndexing(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ joining, indexing, sorting

    /**
     * Joins tensors along an existing dimension.
     *
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the joined tensor; its size along {@code dim} is the sum of the inputs' sizes
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Join.cat(tensors, dim);
    }

    /**
     * Joins tensors along an existing dimension.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @return the joined tensor; its size along {@code dim} is the sum of the inputs' sizes
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Join.cat(Arrays.asList(tensors), dim);
    }

    /**
     * Joins tensors of equal shape along a new dimension.
     *
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a tensor with one more dimension than the inputs, of size {@code tensors.size()} at {@code dim}
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Join.stack(tensors, dim);
    }

    /**
     * Joins tensors of equal shape along a new dimension.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @return a tensor with one more dimension than the inputs, of size {@code tensors.size()} at {@code dim}
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Join.stack(Arrays.asList(tensors), dim);
    }

    /**
     * Views of consecutive pieces of {@code splitSize} along {@code dim} (the last may be shorter).
     *
     * @param splitSize the size of each piece along {@code dim} (the last may be smaller)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the pieces in order; views of this tensor
     */
    public List<Tensor> split(int splitSize, int dim) {
        return Join.split(self(), splitSize, dim);
    }

    /**
     * Views of pieces with the given sizes along {@code dim}.
     *
     * @param sizes the size of each piece along {@code dim}; they sum to {@code size(dim)}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the pieces in order; views of this tensor
     */
    public List<Tensor> split(int[] sizes, int dim) {
        return Join.split(self(), sizes, dim);
    }

    /**
     * {@return {@code chunks} views of (nearly) equal size along {@code dim}}
     *
     * @param chunks the number of pieces (the last may be smaller)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public List<Tensor> chunk(int chunks, int dim) {
        return Join.chunk(self(), chunks, dim);
    }

    /**
     * {@return {@code out[i][j] = this[index[i][j]][j]} for dim 0, and likewise for other dims}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(self(), dim, index);
    }

    /**
     * {@return a copy with {@code src} written at {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param src the source tensor whose elements are copied
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(self(), dim, index, src);
    }

    /**
     * {@return a copy with {@code value} written at {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param value the value written at each indexed position
     */
    public Tensor scatter(int dim, Tensor index, double value) {
        return Indexing.scatter(self(), dim, index, value);
    }

    /**
     * {@return a copy with {@code src} added at {@code index} along {@code dim} (repeated indices add up)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param src the source tensor whose elements are copied
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(self(), dim, index, src);
    }

    /**
     * {@return the entries at the int64 {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index a 1-D int64 tensor of positions along {@code dim}
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(self(), dim, index);
    }

    /**
     * {@return a copy with {@code value} where {@code mask} (bool, broadcast) is true}
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value the value written where {@code mask} is true
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(self(), mask, value);
    }

    /**
     * {@return one-hot encoding of an int64 tensor; {@code numClasses = -1} uses max+1}
     *
     * @param indices an int64 tensor of class indices, each in [0, numClasses)
     * @param numClasses the number of classes, the size of the new last dimension
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return Indexing.oneHot(indices, numClasses);
    }

    /**
     * {@return the k largest (or smallest) elements along {@code dim} and their indices}
     *
     * @param k the number of elements to keep
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param largest true for the k largest elements, false for the k smallest
     * @param sorted true to return them in sorted order
     */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(self(), k, dim, largest, sorted);
    }

    /**
     * {@return the k largest elements along the last dimension}
     *
     * @param k the number of elements to keep
     */
    public ValuesIndices topk(int k) {
        return Sorting.topk(self(), k, -1, true, true);
    }

    /**
     * Sorts along {@code dim} (stable).
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param descending true to sort from largest to smallest
     * @return the sorted values and, for each, its index along {@code dim} in this tensor
     */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(self(), dim, descending);
    }

    /**
     * {@return the indices that sort along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param descending true to sort from largest to smallest
     */
    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(self(), dim, descending).indices();
    }
}
