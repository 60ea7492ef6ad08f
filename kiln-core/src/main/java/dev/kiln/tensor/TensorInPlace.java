package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.BinaryOps;
import dev.kiln.tensor.ops.InPlace;
import dev.kiln.tensor.ops.UnaryFunction;
import dev.kiln.tensor.ops.UnaryOps;

/**
 * In-place operations (each bumps the version counter) and the {@code …Into(out)} variants that
 * write into a preallocated tensor. One layer of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorInPlace extends TensorIndexing permits Tensor {
    TensorInPlace(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ in-place (bump the version)

    /**
     * {@return {@code this += other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor add_(Tensor other) {
        return InPlace.add(self(), other, 1);
    }

    /**
     * {@return {@code this += alpha·other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is added
     */
    public Tensor add_(Tensor other, double alpha) {
        return InPlace.add(self(), other, alpha);
    }

    /**
     * {@return {@code this += value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor add_(double value) {
        return InPlace.addScalar(self(), value);
    }

    /**
     * {@return {@code this -= other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor sub_(Tensor other) {
        return InPlace.add(self(), other, -1);
    }

    /**
     * {@return {@code this *= other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mul_(Tensor other) {
        return InPlace.mul(self(), other);
    }

    /**
     * {@return {@code this *= value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor mul_(double value) {
        return InPlace.mulScalar(self(), value);
    }

    /**
     * {@return {@code this /= value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor div_(double value) {
        return InPlace.mulScalar(self(), 1.0 / value);
    }

    /**
     * Sets every element to 0.
     *
     * @return this tensor, zeroed
     */
    public Tensor zero_() {
        return InPlace.fill(self(), 0);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the value written to every element
     * @return this tensor, filled
     */
    public Tensor fill_(double value) {
        return InPlace.fill(self(), value);
    }

    /**
     * Copies {@code src} (broadcast to this shape, converted to this type) into this tensor.
     *
     * @param src the tensor copied into this one; broadcast to this tensor's shape
     * @return this tensor, holding the copy
     */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(self(), src);
    }

    /**
     * Clamps in place.
     *
     * @param min the lower bound (null for none)
     * @param max the upper bound (null for none)
     * @return this tensor, clamped
     */
    public Tensor clamp_(Double min, Double max) {
        return InPlace.clamp(self(), min, max);
    }

    /**
     * Writes {@code value} where {@code mask} is true, in place.
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value the value written where {@code mask} is true
     * @return this tensor, modified
     */
    public Tensor maskedFill_(Tensor mask, double value) {
        return InPlace.maskedFill(self(), mask, value);
    }

    /**
     * {@return {@code max(x, 0)} in place}
     */
    public Tensor relu_() {
        return InPlace.relu(self());
    }

    /**
     * Fills with U[low, high) samples in place.
     *
     * @param g the random generator that draws the values (its state advances)
     * @param low the lower bound of the range (inclusive)
     * @param high the upper bound of the range (exclusive)
     * @return this tensor, filled
     */
    public Tensor uniform_(Generator g, double low, double high) {
        return InPlace.uniform(self(), g, low, high);
    }

    /**
     * Fills with N(mean, std) samples in place.
     *
     * @param g the random generator that draws the values (its state advances)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution (≥ 0)
     * @return this tensor, filled
     */
    public Tensor normal_(Generator g, double mean, double std) {
        return InPlace.normal(self(), g, mean, std);
    }

    // ---- out= variants: write the result into a preallocated tensor (PyTorch's out= argument).
    // out must have the result's shape and type (it is not resized); no graph is recorded, so under
    // grad mode no input may require grad. out may be this tensor itself. Each returns out.

    /**
     * {@return {@code out = max(this, 0)}}
     *
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor reluInto(Tensor out) {
        return UnaryOps.applyInto(UnaryFunction.RELU, self(), out);
    }

    /**
     * {@return {@code out = this + other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor addInto(Tensor other, Tensor out) {
        return BinaryOps.addInto(self(), other, 1, out);
    }

    /**
     * {@return {@code out = this + value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor addInto(double value, Tensor out) {
        return BinaryOps.addScalarInto(self(), value, out);
    }

    /**
     * {@return {@code out = this · other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor mulInto(Tensor other, Tensor out) {
        return BinaryOps.mulInto(self(), other, out);
    }

    /**
     * {@return {@code out = this · value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor mulInto(double value, Tensor out) {
        return BinaryOps.mulScalarInto(self(), value, out);
    }
}
