package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;

/**
 * An n-dimensional array with PyTorch semantics: a {@link Storage}, a shape, strides and a storage
 * offset. Views ({@link #view}, {@link #transpose}, {@link #narrow}, {@link #expand} …) share
 * storage; {@link #contiguous()} copies only when needed. Operations broadcast with NumPy rules.
 *
 * <p>When grad mode is on and an input {@link #requiresGrad() requires grad}, each operation
 * records a node, and {@link #backward()} fills the {@link #grad()} of the leaves.
 *
 * <pre>{@code
 * Tensor x = Tensor.ones(2, 2).requiresGrad(true);
 * Tensor y = x.add(2);
 * Tensor out = y.mul(y).mul(3).mean();
 * out.backward();
 * x.grad();   // tensor([[4.5, 4.5], [4.5, 4.5]])
 * }</pre>
 *
 * <p>The methods are grouped by concept in package-private layers that {@code Tensor} extends
 * ({@code TensorState}, {@code TensorAutograd}, {@code TensorCreation}, {@code TensorViews},
 * {@code TensorArithmetic}, {@code TensorComparisons}, {@code TensorReductions},
 * {@code TensorIndexing}, {@code TensorInPlace}); they are all methods of {@code Tensor}, and
 * {@code Tensor} is the only tensor type.
 */
public final class Tensor extends TensorInPlace {
    Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    // ------------------------------------------------------------------ printing

    /** Prints like PyTorch: {@code tensor([[1., 2.], [3., 4.]], requires_grad=true)}, abbreviated when large. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
