package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.BinaryOps;
import dev.kiln.tensor.ops.Indexing;
import dev.kiln.tensor.ops.Rearrange;
import dev.kiln.tensor.ops.UnaryFunction;
import dev.kiln.tensor.ops.UnaryOps;

/**
 * Element-wise arithmetic and functions with broadcasting ({@code add}, {@code mul}, {@code exp},
 * {@code relu} …). One layer of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorArithmetic extends TensorViews permits TensorComparisons {
    TensorArithmetic(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ element-wise arithmetic

    /**
     * {@return {@code this + other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor add(Tensor other) {
        return BinaryOps.add(self(), other, 1);
    }

    /**
     * {@return {@code this + alpha·other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is added
     */
    public Tensor add(Tensor other, double alpha) {
        return BinaryOps.add(self(), other, alpha);
    }

    /**
     * {@return {@code this + value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor add(double value) {
        return BinaryOps.addScalar(self(), value);
    }

    /**
     * {@return {@code this - other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor sub(Tensor other) {
        return BinaryOps.add(self(), other, -1);
    }

    /**
     * {@return {@code this - alpha·other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is subtracted
     */
    public Tensor sub(Tensor other, double alpha) {
        return BinaryOps.add(self(), other, -alpha);
    }

    /**
     * {@return {@code this - value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor sub(double value) {
        return BinaryOps.addScalar(self(), -value);
    }

    /**
     * {@return {@code value - this}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor rsub(double value) {
        return BinaryOps.addScalar(BinaryOps.mulScalar(self(), -1), value);
    }

    /**
     * {@return {@code this · other} element-wise with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mul(Tensor other) {
        return BinaryOps.mul(self(), other);
    }

    /**
     * {@return {@code this · value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor mul(double value) {
        return BinaryOps.mulScalar(self(), value);
    }

    /**
     * {@return {@code this / other} (true division) with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor div(Tensor other) {
        return BinaryOps.div(self(), other);
    }

    /**
     * {@return {@code this / value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor div(double value) {
        return BinaryOps.mulScalar(self(), 1.0 / value);
    }

    /**
     * {@return {@code this ^ exponent}}
     *
     * @param exponent the power each element is raised to; broadcast against this tensor
     */
    public Tensor pow(double exponent) {
        return BinaryOps.powScalar(self(), exponent);
    }

    /**
     * {@return {@code this ^ exponent} element-wise with broadcasting}
     *
     * @param exponent the power each element is raised to; broadcast against this tensor
     */
    public Tensor pow(Tensor exponent) {
        return BinaryOps.pow(self(), exponent);
    }

    /**
     * {@return the element-wise larger of two tensors (gradient split evenly on ties)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor maximum(Tensor other) {
        return BinaryOps.maximum(self(), other);
    }

    /**
     * {@return the element-wise smaller of two tensors (gradient split evenly on ties)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor minimum(Tensor other) {
        return BinaryOps.minimum(self(), other);
    }

    /**
     * {@return {@code -this}}
     */
    public Tensor neg() {
        return UnaryOps.apply(UnaryFunction.NEG, self());
    }

    /**
     * {@return {@code |this|}}
     */
    public Tensor abs() {
        return UnaryOps.apply(UnaryFunction.ABS, self());
    }

    /**
     * {@return -1, 0 or 1 by sign}
     */
    public Tensor sign() {
        return UnaryOps.apply(UnaryFunction.SIGN, self());
    }

    /**
     * {@return {@code e^x}}
     */
    public Tensor exp() {
        return UnaryOps.apply(UnaryFunction.EXP, self());
    }

    /**
     * {@return natural logarithm}
     */
    public Tensor log() {
        return UnaryOps.apply(UnaryFunction.LOG, self());
    }

    /**
     * {@return {@code log(1 + x)}, accurate for small x}
     */
    public Tensor log1p() {
        return UnaryOps.apply(UnaryFunction.LOG1P, self());
    }

    /**
     * {@return {@code e^x - 1}, accurate for small x}
     */
    public Tensor expm1() {
        return UnaryOps.apply(UnaryFunction.EXPM1, self());
    }

    /**
     * {@return square root}
     */
    public Tensor sqrt() {
        return UnaryOps.apply(UnaryFunction.SQRT, self());
    }

    /**
     * {@return {@code 1/√x}}
     */
    public Tensor rsqrt() {
        return UnaryOps.apply(UnaryFunction.RSQRT, self());
    }

    /**
     * {@return {@code x²}}
     */
    public Tensor square() {
        return UnaryOps.apply(UnaryFunction.SQUARE, self());
    }

    /**
     * {@return {@code 1/x}}
     */
    public Tensor reciprocal() {
        return UnaryOps.apply(UnaryFunction.RECIPROCAL, self());
    }

    /**
     * {@return sine}
     */
    public Tensor sin() {
        return UnaryOps.apply(UnaryFunction.SIN, self());
    }

    /**
     * {@return cosine}
     */
    public Tensor cos() {
        return UnaryOps.apply(UnaryFunction.COS, self());
    }

    /**
     * {@return hyperbolic tangent}
     */
    public Tensor tanh() {
        return UnaryOps.apply(UnaryFunction.TANH, self());
    }

    /**
     * {@return the logistic function {@code 1/(1+e^-x)}}
     */
    public Tensor sigmoid() {
        return UnaryOps.apply(UnaryFunction.SIGMOID, self());
    }

    /**
     * {@return {@code max(x, 0)}}
     */
    public Tensor relu() {
        return UnaryOps.apply(UnaryFunction.RELU, self());
    }

    /**
     * {@return the error function}
     */
    public Tensor erf() {
        return UnaryOps.apply(UnaryFunction.ERF, self());
    }

    /**
     * Rounds down (gradient 0).
     *
     * @return a new tensor of the largest integers not above each element
     */
    public Tensor floor() {
        return UnaryOps.apply(UnaryFunction.FLOOR, self());
    }

    /**
     * Rounds up (gradient 0).
     *
     * @return a new tensor of the smallest integers not below each element
     */
    public Tensor ceil() {
        return UnaryOps.apply(UnaryFunction.CEIL, self());
    }

    /**
     * Rounds half to even, like {@code torch.round} (gradient 0).
     *
     * @return a new tensor of the rounded values
     */
    public Tensor round() {
        return UnaryOps.apply(UnaryFunction.ROUND, self());
    }

    /**
     * Limits to [min, max]; a null bound is absent. The derivative at a bound is 1.
     *
     * @param min the lower bound (null for none)
     * @param max the upper bound (null for none)
     * @return a new tensor with each element clamped into [min, max]
     */
    public Tensor clamp(Double min, Double max) {
        return UnaryOps.clamp(self(), min, max);
    }

    /**
     * Limits to [min, max].
     *
     * @param min the lower bound (≤ {@code max})
     * @param max the upper bound
     * @return a new tensor with each element clamped into [min, max]
     */
    public Tensor clamp(double min, double max) {
        return UnaryOps.clamp(self(), min, max);
    }

    /**
     * {@return {@code max(x, min)}}
     *
     * @param min the lower bound
     */
    public Tensor clampMin(double min) {
        return UnaryOps.clamp(self(), min, null);
    }

    /**
     * {@return {@code min(x, max)}}
     *
     * @param max the upper bound
     */
    public Tensor clampMax(double max) {
        return UnaryOps.clamp(self(), null, max);
    }

    /**
     * {@return the elements in reverse order along each of {@code dims}, like {@code torch.flip}}
     *
     * @param dims the dimensions whose order is reversed
     */
    public Tensor flip(int... dims) {
        return Rearrange.flip(self(), dims);
    }

    /**
     * {@return the elements shifted by {@code shift} along {@code dim}, wrapping around, like {@code torch.roll}}
     *
     * @param shift the number of places elements move along {@code dim} (negative moves them back)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor roll(int shift, int dim) {
        return Rearrange.roll(self(), shift, dim);
    }

    /**
     * {@return the tensor tiled {@code reps[i]} times along dim i, like {@code Tensor.repeat}}
     *
     * @param reps the number of copies along each dimension (at least {@code dim()} entries)
     */
    public Tensor repeat(int... reps) {
        return Rearrange.repeat(self(), reps);
    }

    /**
     * {@return the lower triangle of the last two dims (zeros above the main diagonal), like {@code torch.tril}}
     */
    public Tensor tril() {
        return Rearrange.tril(self(), 0);
    }

    /**
     * {@return the lower triangle of the last two dims, keeping {@code j − i ≤ diagonal}}
     *
     * @param diagonal which diagonal bounds the kept triangle: 0 the main one, positive above it, negative below
     */
    public Tensor tril(int diagonal) {
        return Rearrange.tril(self(), diagonal);
    }

    /**
     * {@return the upper triangle of the last two dims (zeros below the main diagonal), like {@code torch.triu}}
     */
    public Tensor triu() {
        return Rearrange.triu(self(), 0);
    }

    /**
     * {@return the upper triangle of the last two dims, keeping {@code j − i ≥ diagonal}}
     *
     * @param diagonal which diagonal bounds the kept triangle: 0 the main one, positive above it, negative below
     */
    public Tensor triu(int diagonal) {
        return Rearrange.triu(self(), diagonal);
    }

    /**
     * Takes this tensor where {@code condition} is true and {@code other} elsewhere (all broadcast).
     *
     * @param condition a bool tensor choosing, element by element, the first operand (true) or the second (false)
     * @param other the values taken where {@code condition} is false
     * @return a new tensor of the broadcast shape
     */
    public Tensor where(Tensor condition, Tensor other) {
        return Indexing.where(condition, self(), other);
    }

    /**
     * {@code condition ? input : other} element-wise, like {@code torch.where}.
     *
     * @param condition a bool tensor choosing, element by element, the first operand (true) or the second (false)
     * @param input the values taken where {@code condition} is true
     * @param other the values taken where {@code condition} is false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        return Indexing.where(condition, input, other);
    }
}
