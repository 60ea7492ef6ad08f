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

    /** {@code self += alpha·other}. */
    public static Tensor add(Tensor self, Tensor other, double alpha) {
        if (tracked("add_", self, other)) {
            return rebase(self, self.add(other, alpha));
        }
        checkBroadcastInto("add_", self, other);
        if (self.dtype() == DType.FLOAT32 && other.dtype() == DType.FLOAT32 && self.isContiguous() && other.isContiguous()
                && Shape.same(self.shape(), other.shape())) {
            float[] a = TensorInternals.floats(self);
            self.device().backend().add(a, self.offset(), 1, TensorInternals.floats(other), other.offset(), 1, a, self.offset(), self.numel(),
                    (float) alpha);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.add(other, alpha);
        }
        return writeBack(self, r);
    }

    /** {@code self += value}. */
    public static Tensor addScalar(Tensor self, double value) {
        if (tracked("add_", self, null)) {
            return rebase(self, self.add(value));
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.add(value);
        }
        return writeBack(self, r);
    }

    /** {@code self *= other}. */
    public static Tensor mul(Tensor self, Tensor other) {
        if (tracked("mul_", self, other)) {
            return rebase(self, self.mul(other));
        }
        checkBroadcastInto("mul_", self, other);
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.mul(other);
        }
        return writeBack(self, r);
    }

    /** {@code self *= value}. */
    public static Tensor mulScalar(Tensor self, double value) {
        if (tracked("mul_", self, null)) {
            return rebase(self, self.mul(value));
        }
        if (self.dtype() == DType.FLOAT32 && self.isContiguous()) {
            float[] a = TensorInternals.floats(self);
            self.device().backend().affine(a, self.offset(), a, self.offset(), self.numel(), (float) value, 0f);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.mul(value);
        }
        return writeBack(self, r);
    }

    /** Sets every element to {@code value}. */
    public static Tensor fill(Tensor self, double value) {
        if (tracked("fill_", self, null)) {
            return rebase(self, self.detach().fullLike(value));
        }
        if (self.isContiguous()) {
            Copies.fill(self.device().backend(), TensorInternals.storage(self), self.offset(), self.numel(), value);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        return writeBack(self, Tensor.scalar(self.dtype(), value));
    }

    /** Copies {@code src} (broadcast, converted) into {@code self}. */
    public static Tensor copy(Tensor self, Tensor src) {
        if (tracked("copy_", self, src)) {
            Tensor moved = src.to(self.dtype()).expand(self.shape()).clone();
            return rebase(self, moved);
        }
        checkBroadcastInto("copy_", self, src);
        return writeBack(self, src);
    }

    /** Clamps in place. */
    public static Tensor clamp(Tensor self, Double min, Double max) {
        if (tracked("clamp_", self, null)) {
            return rebase(self, self.clamp(min, max));
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.clamp(min, max);
        }
        return writeBack(self, r);
    }

    /** Writes {@code value} where {@code mask} is true. */
    public static Tensor maskedFill(Tensor self, Tensor mask, double value) {
        if (tracked("maskedFill_", self, null)) {
            return rebase(self, self.maskedFill(mask, value));
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.maskedFill(mask, value);
        }
        return writeBack(self, r);
    }

    /** {@code max(x, 0)} in place. */
    public static Tensor relu(Tensor self) {
        if (tracked("relu_", self, null)) {
            return rebase(self, self.relu());
        }
        if (self.dtype() == DType.FLOAT32 && self.isContiguous()) {
            float[] a = TensorInternals.floats(self);
            self.device().backend().activationForward(new Activation.Relu(), a, self.offset(), a, self.offset(), self.numel());
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = self.relu();
        }
        return writeBack(self, r);
    }

    /** Fills with U[low, high). */
    public static Tensor uniform(Tensor self, Generator g, double low, double high) {
        tracked("uniform_", self, null);
        if (self.isContiguous() && self.dtype().isFloatingPoint()) {
            Factory.fillUniform(self, g, low, high);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        return writeBack(self, Factory.uniform(g, low, high, self.dtype(), self.shape()));
    }

    /** Fills with N(mean, std). */
    public static Tensor normal(Tensor self, Generator g, double mean, double std) {
        tracked("normal_", self, null);
        if (self.isContiguous() && self.dtype().isFloatingPoint()) {
            Factory.fillNormal(self, g, mean, std);
            TensorInternals.storage(self).bumpVersion();
            return self;
        }
        return writeBack(self, Factory.normal(g, mean, std, self.dtype(), self.shape()));
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
