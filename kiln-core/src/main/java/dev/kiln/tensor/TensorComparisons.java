package dev.kiln.tensor;

import dev.kiln.backend.CompareOp;
import dev.kiln.backend.LogicOp;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Comparison;

/**
 * Comparisons and logic with bool results ({@code eq}, {@code lt}, {@code where}, {@code isnan} …).
 * One layer of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorComparisons extends TensorArithmetic permits TensorReductions {
    TensorComparisons(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ comparisons and logic (bool results)

    /**
     * {@return {@code this == other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor eq(Tensor other) {
        return Comparison.compare(CompareOp.EQ, self(), other);
    }

    /**
     * {@return {@code this == value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor eq(double value) {
        return Comparison.compare(CompareOp.EQ, self(), value);
    }

    /**
     * {@return {@code this != other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor ne(Tensor other) {
        return Comparison.compare(CompareOp.NE, self(), other);
    }

    /**
     * {@return {@code this != value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor ne(double value) {
        return Comparison.compare(CompareOp.NE, self(), value);
    }

    /**
     * {@return {@code this < other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor lt(Tensor other) {
        return Comparison.compare(CompareOp.LT, self(), other);
    }

    /**
     * {@return {@code this < value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor lt(double value) {
        return Comparison.compare(CompareOp.LT, self(), value);
    }

    /**
     * {@return {@code this <= other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor le(Tensor other) {
        return Comparison.compare(CompareOp.LE, self(), other);
    }

    /**
     * {@return {@code this <= value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor le(double value) {
        return Comparison.compare(CompareOp.LE, self(), value);
    }

    /**
     * {@return {@code this > other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor gt(Tensor other) {
        return Comparison.compare(CompareOp.GT, self(), other);
    }

    /**
     * {@return {@code this > value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor gt(double value) {
        return Comparison.compare(CompareOp.GT, self(), value);
    }

    /**
     * {@return {@code this >= other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor ge(Tensor other) {
        return Comparison.compare(CompareOp.GE, self(), other);
    }

    /**
     * {@return {@code this >= value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor ge(double value) {
        return Comparison.compare(CompareOp.GE, self(), value);
    }

    /**
     * {@return logical and of two tensors read as booleans (non-zero is true)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalAnd(Tensor other) {
        return Comparison.logical(LogicOp.AND, self(), other);
    }

    /**
     * {@return logical or}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalOr(Tensor other) {
        return Comparison.logical(LogicOp.OR, self(), other);
    }

    /**
     * {@return logical exclusive or}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalXor(Tensor other) {
        return Comparison.logical(LogicOp.XOR, self(), other);
    }

    /**
     * {@return logical not}
     */
    public Tensor logicalNot() {
        return Comparison.logicalNot(self());
    }

    /**
     * {@return true where an element is NaN}
     */
    public Tensor isnan() {
        return Comparison.isnan(self());
    }

    /**
     * {@return true where an element is ±infinity}
     */
    public Tensor isinf() {
        return Comparison.isinf(self());
    }

    /**
     * {@return true where an element is finite}
     */
    public Tensor isfinite() {
        return Comparison.isfinite(self());
    }

    /**
     * {@return true when both tensors have the same shape and every pair of elements is within {@code atol + rtol·|other|}}
     *
     * @param other the other operand; broadcast against this tensor
     * @param rtol the relative tolerance
     * @param atol the absolute tolerance
     */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return Comparison.allclose(self(), other, rtol, atol);
    }

    /**
     * {@return {@link #allclose(Tensor, double, double)} with PyTorch's defaults rtol 1e-5, atol 1e-8}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public boolean allclose(Tensor other) {
        return Comparison.allclose(self(), other, 1e-5, 1e-8);
    }

    /**
     * {@return true when both tensors have the same shape and the same elements}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public boolean equal(Tensor other) {
        return Comparison.equal(self(), other);
    }
}
