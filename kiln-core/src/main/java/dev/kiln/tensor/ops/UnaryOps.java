package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Locale;
import java.util.Map;

/** Element-wise functions of one tensor: the forward kernels and the recorded backward. */
public final class UnaryOps {
    private UnaryOps() {
    }

    /** Applies {@code f} element-wise; records a node when {@code x} requires grad. */
    public static Tensor apply(UnaryFunction f, Tensor x) {
        if (x.dtype() == DType.INT64 && f.keepsInt64()) {
            Tensor c = x.contiguous();
            long[] dst = new long[c.numel()];
            Backend backend = c.device().backend();
            long[] src = TensorInternals.storage(c).longs();
            int off = c.offset();
            backend.parallelFor(dst.length, 1, (lo, hi) -> f.forward(backend, src, off + lo, dst, lo, hi - lo));
            return TensorInternals.wrap(Storage.wrap(dst), x.shape());
        }
        if (!x.dtype().isFloatingPoint()) {
            x = x.to(DType.FLOAT32);
        }
        Tensor out;
        if (x.dtype() == DType.FLOAT32) {
            out = applyFloat(f, x);
        } else {
            Tensor c = x.contiguous();
            double[] src = TensorInternals.doubles(c);
            int off = c.offset();
            double[] dst = new double[c.numel()];
            Backend backend = c.device().backend();
            backend.parallelFor(dst.length, 1, (lo, hi) -> f.forward(backend, src, off + lo, dst, lo, hi - lo));
            out = TensorInternals.wrap(Storage.wrap(dst), x.shape());
        }
        Tracing.record(f.name().toLowerCase(Locale.ROOT), out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of(f.name().toLowerCase(Locale.ROOT) + "Backward", inputs(x), saving(x, out),
                    (g, s) -> new Tensor[] {f.grad(g, s.get(0), s.get(1))}));
        }
        return out;
    }

    private static Tensor applyFloat(UnaryFunction f, Tensor x) {
        Tensor c = x.contiguous();
        int[] shape = c.shape();
        int n = Shape.numel(shape);
        float[] dst = new float[n];
        floatApply(c.device().backend(), f, TensorInternals.floats(c), c.offset(), dst, 0, n);
        return TensorInternals.wrap(Storage.wrap(dst), shape, Shape.contiguousStrides(shape), 0);
    }

    /** Runs {@code f} over n contiguous floats, split across threads when large, inline (no allocation) when small. */
    private static void floatApply(Backend backend, UnaryFunction f, float[] src, int so, float[] dst, int dOff, int n) {
        backend.parallelFor(n, 1, (lo, hi) -> f.forward(backend, src, so + lo, dst, dOff + lo, hi - lo));
    }

    /**
     * The out= variant of {@link #apply}: writes {@code f(x)} into {@code out}, which must have x's
     * shape and the result's type (x's floating type; float32 for integer and bool inputs, int64 for
     * neg/abs/sign of int64). Records no graph (see {@code OutArgument}).
     */
    public static Tensor applyInto(UnaryFunction f, Tensor x, Tensor out) {
        DType type = x.dtype() == DType.INT64 && f.keepsInt64()
                ? DType.INT64 : x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT32;
        int[] shape = x.shape();
        OutArgument.check(f.name().toLowerCase(java.util.Locale.ROOT), out, shape, type, x, null);
        if (x.dtype() == DType.FLOAT32 && x.isContiguous() && out.isContiguous()) {
            floatApply(x.device().backend(), f, TensorInternals.floats(x), x.offset(), TensorInternals.floats(out), out.offset(), Shape.numel(shape));
            TensorInternals.storage(out).bumpVersion();
            return out;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = apply(f, x);
        }
        return out.copy_(r);
    }

    /**
     * Limits x to [min, max] (a null bound is absent): min(max(x, min), max) with Java's min and max
     * (NaN stays NaN; with min &gt; max every element becomes max, as in PyTorch). The gradient passes
     * where min ≤ x ≤ max, bounds included (PyTorch's convention), and is 0 outside.
     */
    public static Tensor clamp(Tensor x, Double min, Double max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("clamp: at least one of min and max must be given");
        }
        double lo = min == null ? Double.NEGATIVE_INFINITY : min;
        double hi = max == null ? Double.POSITIVE_INFINITY : max;
        Tensor c = x.contiguous();
        Object from = TensorInternals.storage(c).array();
        int off = c.offset();
        int n = c.numel();
        Storage r = Storage.allocate(x.dtype(), n);
        Backend backend = c.device().backend();
        Backend.RangeBody body = switch (r.array()) {
            // float32 compares with the bounds rounded to float32, as a float32 clamp does
            case float[] z when from instanceof float[] s -> (i, j) -> backend.clamp(s, off + i, z, i, j - i, (float) lo, (float) hi);
            case double[] z when from instanceof double[] s -> (i, j) -> backend.clamp(s, off + i, z, i, j - i, lo, hi);
            case long[] z when from instanceof long[] s -> (i, j) -> backend.clamp(s, off + i, z, i, j - i, lo, hi);
            default -> throw new IllegalArgumentException("clamp: not defined for bool tensors");
        };
        backend.parallelFor(n, 1, body);
        Tensor out = TensorInternals.wrap(r, x.shape());
        if (Tracing.isRecording()) {
            Tracing.record("clamp", out, Map.of("min", lo, "max", hi), x);
        }
        if (Engine.needsGrad(x)) {
            // the gradient passes where lo ≤ x ≤ hi
            Engine.record(out, FormulaNode.of("ClampBackward", inputs(x), saving(x), (g, s) -> new Tensor[] {
                g.mul(s.get(0).ge(lo).logicalAnd(s.get(0).le(hi)).to(g.dtype()))}));
        }
        return out;
    }
}
