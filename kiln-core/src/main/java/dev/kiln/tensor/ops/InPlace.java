package dev.kiln.tensor.ops;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Activation;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.function.UnaryOperator;

/**
 * In-place operations ({@code add_}, {@code mul_}, {@code fill_}, {@code copy_} …). Each writes
 * into the tensor's storage and bumps its version, so that autograd refuses stale saved tensors.
 *
 * <p>Under grad mode an in-place op on a tensor in the graph is recorded by computing the result
 * out of place, writing it back and moving the tensor's grad_fn to the new node. A leaf that
 * requires grad cannot be modified in place (its gradient would be meaningless), nor can a view of
 * a tensor in the graph.
 */
public final class InPlace {
    private InPlace() {
    }

    private static boolean tracked(String op, Tensor self, Tensor other) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        boolean selfGrad = self.requiresGrad() || (self.base() != null && self.base().requiresGrad());
        boolean otherGrad = other != null && other.requiresGrad();
        if (!selfGrad && !otherGrad) {
            return false;
        }
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is used in an in-place operation; "
                    + "do it under GradMode.disabled() or on a detach()ed copy");
        }
        if (self.base() != null) {
            throw new UnsupportedOperationException(op + ": in-place modification of a view of a tensor that requires grad "
                    + "is not supported; use the out-of-place op");
        }
        return true;
    }

    /**
     * Writes a computed result back into {@code self} and moves the graph to it; an open
     * {@link Trace} learns that {@code self} now holds the result.
     */
    private static Tensor rebase(Tensor self, Tensor result) {
        writeInto(self, result.detach());
        TensorInternals.storage(self).bumpVersion();
        if (result.gradFn() != null) {
            TensorInternals.setGradFn(self, result.gradFn());
        }
        Tracing.record("identity", self, result);
        return self;
    }

    /** An in-place kernel over self's own storage, for the layouts and types it can take. */
    @FunctionalInterface
    private interface DirectKernel {
        /** {@return whether it applied (and wrote self), false to take the general path} */
        boolean tryApply();
    }

    /**
     * The one skeleton of the arithmetic in-place ops: recorded as {@code result} written back when the
     * graph tracks self or other; otherwise the direct kernel where it applies, else {@code result}
     * computed out of place without grad and written back through self's strides. Bumps the version.
     */
    private static Tensor update(String op, Tensor self, Tensor other, UnaryOperator<Tensor> result, DirectKernel direct) {
        if (tracked(op, self, other)) {
            return rebase(self, result.apply(self));
        }
        if (other != null) {
            checkBroadcastInto(op, self, other);
        }
        if (direct.tryApply()) {
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = result.apply(self);
        }
        return writeBack(self, r);
    }

    private static Tensor update(String op, Tensor self, Tensor other, UnaryOperator<Tensor> result) {
        return update(op, self, other, result, () -> false);
    }

    /** Whether self is float32 and contiguous, so that a backend kernel can write its storage directly. */
    private static boolean denseFloat(Tensor self) {
        return self.dtype() == DType.FLOAT32 && self.isContiguous();
    }

    /** {@code self += alpha·other}. */
    public static Tensor add(Tensor self, Tensor other, double alpha) {
        return update("add_", self, other, t -> t.add(other, alpha), () -> {
            if (!denseFloat(self) || other.dtype() != DType.FLOAT32 || !other.isContiguous()
                    || !Shape.same(self.shape(), other.shape())) {
                return false;
            }
            float[] a = TensorInternals.floats(self);
            self.device().backend().add(a, self.offset(), 1, TensorInternals.floats(other), other.offset(), 1, a, self.offset(),
                    self.numel(), (float) alpha);
            return true;
        });
    }

    /** {@code self += value}. */
    public static Tensor addScalar(Tensor self, double value) {
        return update("add_", self, null, t -> t.add(value));
    }

    /** {@code self *= other}. */
    public static Tensor mul(Tensor self, Tensor other) {
        return update("mul_", self, other, t -> t.mul(other));
    }

    /** {@code self *= value}. */
    public static Tensor mulScalar(Tensor self, double value) {
        return update("mul_", self, null, t -> t.mul(value), () -> {
            if (!denseFloat(self)) {
                return false;
            }
            float[] a = TensorInternals.floats(self);
            self.device().backend().affine(a, self.offset(), a, self.offset(), self.numel(), (float) value, 0f);
            return true;
        });
    }

    /** Sets every element to {@code value}. */
    public static Tensor fill(Tensor self, double value) {
        return update("fill_", self, null, t -> t.detach().fullLike(value), () -> {
            if (self.isContiguous()) {
                self.device().backend().fill(TensorInternals.storage(self).array(), self.offset(), self.numel(), value);
            } else {
                writeInto(self, Tensor.scalar(self.dtype(), value));
            }
            return true;
        });
    }

    /** Copies {@code src} (broadcast, converted) into {@code self}. */
    public static Tensor copy(Tensor self, Tensor src) {
        return update("copy_", self, src, t -> src.to(self.dtype()).expand(self.shape()).clone(), () -> {
            writeInto(self, src);
            return true;
        });
    }

    /** Clamps in place. */
    public static Tensor clamp(Tensor self, Double min, Double max) {
        return update("clamp_", self, null, t -> t.clamp(min, max));
    }

    /** Writes {@code value} where {@code mask} is true. */
    public static Tensor maskedFill(Tensor self, Tensor mask, double value) {
        return update("maskedFill_", self, null, t -> t.maskedFill(mask, value));
    }

    /** {@code max(x, 0)} in place. */
    public static Tensor relu(Tensor self) {
        return update("relu_", self, null, Tensor::relu, () -> {
            if (!denseFloat(self)) {
                return false;
            }
            float[] a = TensorInternals.floats(self);
            self.device().backend().activationForward(new Activation.Relu(), a, self.offset(), a, self.offset(), self.numel());
            return true;
        });
    }

    /** Fills with U[low, high). */
    public static Tensor uniform(Tensor self, Generator g, double low, double high) {
        return fillRandom("uniform_", self, t -> Factory.fillUniform(t, g, low, high));
    }

    /** Fills with N(mean, std). */
    public static Tensor normal(Tensor self, Generator g, double mean, double std) {
        return fillRandom("normal_", self, t -> Factory.fillNormal(t, g, mean, std));
    }

    /**
     * Fills self with samples by {@code fill} (which takes a contiguous float tensor): in place when self
     * is one, else into a fresh tensor of self's type and shape written back through self's strides.
     */
    private static Tensor fillRandom(String op, Tensor self, java.util.function.Consumer<Tensor> fill) {
        tracked(op, self, null);
        if (self.isContiguous() && self.dtype().isFloatingPoint()) {
            fill.accept(self);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        Tensor samples = Tensor.empty(self.dtype(), self.shape());
        fill.accept(samples);
        return writeBack(self, samples);
    }

    private static void checkBroadcastInto(String op, Tensor self, Tensor other) {
        int[] b = Shape.broadcast(op, self.shape(), other.shape());
        if (!Shape.same(b, self.shape())) {
            throw new IllegalArgumentException(op + ": the result shape " + Shape.str(b) + " does not match the tensor's shape "
                    + Shape.str(self.shape()) + " (an in-place op cannot grow the tensor)");
        }
    }

    private static Tensor writeBack(Tensor self, Tensor value) {
        writeInto(self, value);
        TensorInternals.storage(self).bumpVersion();
        return self;
    }

    /** Writes {@code value} (broadcast to self's shape, converted to self's type) through self's strides. */
    static void writeInto(Tensor self, Tensor value) {
        Copies.write(self, value.to(self.dtype()));
    }
}
