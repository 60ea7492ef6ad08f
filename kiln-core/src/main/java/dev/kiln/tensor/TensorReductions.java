package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Cumulative;
import dev.kiln.tensor.ops.MatMul;
import dev.kiln.tensor.ops.MaxMin;
import dev.kiln.tensor.ops.Reductions;
import dev.kiln.tensor.ops.Statistics;

/**
 * Reductions (sum, mean, max, var, norm …) and linear algebra (matmul, bmm, dot …). One layer of
 * {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorReductions extends TensorComparisons permits TensorIndexing {
    TensorReductions(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ reductions

    /**
     * {@return the sum of all elements (a scalar)}
     */
    public Tensor sum() {
        return Reductions.sum(self(), null, false);
    }

    /**
     * {@return the sum over {@code dim}, which is removed ({@code x.sum(dim)} in PyTorch)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /**
     * {@return the sum over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(self(), new int[] {dim}, keepdim);
    }

    /**
     * {@return the sum over several dims}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(self(), dims, keepdim);
    }

    /**
     * {@return the mean of all elements}
     */
    public Tensor mean() {
        return Reductions.mean(self(), null, false);
    }

    /**
     * {@return the mean over {@code dim}, which is removed ({@code x.mean(dim)} in PyTorch)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /**
     * {@return the mean over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(self(), new int[] {dim}, keepdim);
    }

    /**
     * {@return the mean over several dims}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(self(), dims, keepdim);
    }

    /**
     * {@return the product of all elements}
     */
    public Tensor prod() {
        return Reductions.prod(self(), null, false);
    }

    /**
     * {@return the product over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.prod(self(), dim, keepdim);
    }

    /**
     * {@return the largest element (a scalar)}
     */
    public Tensor max() {
        return MaxMin.max(self());
    }

    /**
     * {@return the largest elements along {@code dim} (removed) and their positions, as {@code x.max(dim)} in PyTorch}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public ValuesIndices max(int dim) {
        return max(dim, false);
    }

    /**
     * {@return the largest elements along {@code dim} and their positions}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public ValuesIndices max(int dim, boolean keepdim) {
        return MaxMin.max(self(), dim, keepdim);
    }

    /**
     * {@return the smallest element (a scalar)}
     */
    public Tensor min() {
        return MaxMin.min(self());
    }

    /**
     * {@return the smallest elements along {@code dim} (removed) and their positions, as {@code x.min(dim)} in PyTorch}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public ValuesIndices min(int dim) {
        return min(dim, false);
    }

    /**
     * {@return the smallest elements along {@code dim} and their positions}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public ValuesIndices min(int dim, boolean keepdim) {
        return MaxMin.min(self(), dim, keepdim);
    }

    /**
     * {@return the maximum over several dims (values only; the gradient is split evenly on ties)}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return MaxMin.amax(self(), dims, keepdim);
    }

    /**
     * {@return the minimum over several dims (values only)}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor amin(int[] dims, boolean keepdim) {
        return MaxMin.amin(self(), dims, keepdim);
    }

    /**
     * {@return the index of the largest element of the flattened tensor (int64 scalar)}
     */
    public Tensor argmax() {
        return MaxMin.argmax(self(), null, false);
    }

    /**
     * {@return the indices of the largest elements along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor argmax(int dim, boolean keepdim) {
        return MaxMin.argmax(self(), dim, keepdim);
    }

    /**
     * {@return the index of the smallest element of the flattened tensor}
     */
    public Tensor argmin() {
        return MaxMin.argmin(self(), null, false);
    }

    /**
     * {@return the indices of the smallest elements along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor argmin(int dim, boolean keepdim) {
        return MaxMin.argmin(self(), dim, keepdim);
    }

    /**
     * {@return the variance of all elements with Bessel's correction (divides by N-1)}
     */
    public Tensor var() {
        return Statistics.var(self(), null, 1, false);
    }

    /**
     * {@return the variance over {@code dims}, dividing by N - correction}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param correction the difference between the sample size and the divisor (1 for Bessel's correction, 0 for the population)
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Statistics.var(self(), dims, correction, keepdim);
    }

    /**
     * {@return the standard deviation of all elements with Bessel's correction}
     */
    public Tensor std() {
        return Statistics.std(self(), null, 1, false);
    }

    /**
     * {@return the standard deviation over {@code dims}, dividing by N - correction}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param correction the difference between the sample size and the divisor (1 for Bessel's correction, 0 for the population)
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return Statistics.std(self(), dims, correction, keepdim);
    }

    /**
     * {@return the p-norm of all elements as one vector ({@code Double.POSITIVE_INFINITY} for the max norm)}
     *
     * @param p the order of the norm (2 for the Euclidean norm)
     */
    public Tensor norm(double p) {
        return Statistics.norm(self(), p, null, false);
    }

    /**
     * {@return the 2-norm of all elements}
     */
    public Tensor norm() {
        return Statistics.norm(self(), 2, null, false);
    }

    /**
     * {@return the p-norm over {@code dims}}
     *
     * @param p the order of the norm (2 for the Euclidean norm)
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Statistics.norm(self(), p, dims, keepdim);
    }

    /**
     * {@return {@code log Σ exp(x)} over {@code dims}, computed stably}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Statistics.logsumexp(self(), dims, keepdim);
    }

    /**
     * {@return {@code log Σ exp(x)} over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor logsumexp(int dim, boolean keepdim) {
        return Statistics.logsumexp(self(), new int[] {dim}, keepdim);
    }

    /**
     * {@return the cumulative sum along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor cumsum(int dim) {
        return Cumulative.cumsum(self(), dim);
    }

    /**
     * {@return true (a bool scalar) when every element is non-zero}
     */
    public Tensor all() {
        return Reductions.all(self(), null, false);
    }

    /**
     * {@return whether every element along {@code dim} is non-zero}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor all(int dim, boolean keepdim) {
        return Reductions.all(self(), dim, keepdim);
    }

    /**
     * {@return true (a bool scalar) when any element is non-zero}
     */
    public Tensor any() {
        return Reductions.any(self(), null, false);
    }

    /**
     * {@return whether any element along {@code dim} is non-zero}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor any(int dim, boolean keepdim) {
        return Reductions.any(self(), dim, keepdim);
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * {@return the matrix product with PyTorch's 1-D, 2-D and batched broadcasting rules}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(self(), other);
    }

    /**
     * {@return the product of two matrices}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mm(Tensor other) {
        return MatMul.mm(self(), other);
    }

    /**
     * {@return the batched product of (B, n, k) and (B, k, m)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor bmm(Tensor other) {
        return MatMul.bmm(self(), other);
    }

    /**
     * {@return the dot product of two 1-D tensors}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor dot(Tensor other) {
        return MatMul.dot(self(), other);
    }

    /**
     * {@return the outer product of two 1-D tensors}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor outer(Tensor other) {
        return MatMul.outer(self(), other);
    }
}
