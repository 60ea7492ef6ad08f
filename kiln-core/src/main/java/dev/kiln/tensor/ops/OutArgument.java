package dev.kiln.tensor.ops;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Checks for the {@code out=} variants ({@code x.reluInto(out)}, {@code a.addInto(b, out)} …), which
 * write an op's result into a preallocated tensor instead of allocating one, like PyTorch's
 * {@code out=} argument. They record no graph, so under grad mode no input (nor {@code out}) may
 * require grad; {@code out} must already have the result's shape and type (it is never resized). It
 * may be one of the inputs (same layout: element i is read before it is written) but must not
 * partially overlap one.
 */
final class OutArgument {
    private OutArgument() {
    }

    /**
     * @throws IllegalArgumentException naming {@code op} when autograd would be needed, or when
     *     {@code out}'s shape or type differs from the result's
     */
    static void check(String op, Tensor out, int[] shape, DType type, Tensor a, Tensor b) {
        if (out == null) {
            throw new IllegalArgumentException(op + ": out must not be null");
        }
        if ((a.requiresGrad() || (b != null && b.requiresGrad()) || out.requiresGrad()) && GradMode.isEnabled()) {
            throw new IllegalArgumentException(op + ": the out= variant does not support automatic differentiation, but "
                    + (out.requiresGrad() ? "out" : "an input") + " requires grad; use the out-of-place op, or run under GradMode.disabled()");
        }
        if (out.dtype() != type) {
            throw new IllegalArgumentException(op + ": the result has type " + type + " but out is " + out.dtype());
        }
        if (!sameShape(out, shape)) {
            throw new IllegalArgumentException(op + ": the result has shape " + Shape.str(shape) + " but out has shape "
                    + Shape.str(out.shape()) + " (out is not resized)");
        }
    }

    /** True when {@code t} has exactly {@code shape}, without copying t's shape. */
    static boolean sameShape(Tensor t, int[] shape) {
        return TensorInternals.hasShape(t, shape);
    }

    /** True when {@code a} and {@code b} have the same shape, without copying either. */
    static boolean sameShape(Tensor a, Tensor b) {
        return TensorInternals.sameShape(a, b);
    }
}
