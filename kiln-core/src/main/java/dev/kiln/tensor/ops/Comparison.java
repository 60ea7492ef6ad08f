package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.LogicOp;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/** Comparisons and logical operations; all give bool tensors and are not differentiable. */
public final class Comparison {
    private Comparison() {
    }

    /** {@code a op b} element-wise with broadcasting. */
    public static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        Tensor result = compareUntraced(op, a, b);
        Tracing.record(op.name().toLowerCase(java.util.Locale.ROOT), result, a, b);
        return result;
    }

    private static Tensor compareUntraced(CompareOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        boolean[] out = new boolean[Shape.numel(shape)];
        // float32 and int64 pairs compare as they are (int64 exactly); any other pair as float64
        boolean same = a.dtype() == b.dtype() && (a.dtype() == DType.FLOAT32 || a.dtype() == DType.INT64);
        Tensor ta = same ? a : a.to(DType.FLOAT64);
        Tensor tb = same ? b : b.to(DType.FLOAT64);
        Object x = TensorInternals.storage(ta).array();
        Object y = TensorInternals.storage(tb).array();
        Backend backend = ta.device().backend();
        backend.forEachRow(shape, Shape.broadcastStrides(ta.shape(), ta.strides(), shape), ta.offset(),
                Shape.broadcastStrides(tb.shape(), tb.strides(), shape), tb.offset(),
                (ao, as, bo, bs, oo, n) -> backend.compare(op, x, ao, as, y, bo, bs, out, oo, n));
        return TensorInternals.wrap(Storage.wrap(out), shape);
    }

    /** {@code a op value} element-wise, the value compared as the float64 it is. */
    public static Tensor compare(CompareOp op, Tensor a, double value) {
        int n = a.numel();
        boolean[] out = new boolean[n];
        Tensor c = (a.dtype() == DType.FLOAT32 ? a : a.to(DType.FLOAT64)).contiguous();
        c.device().backend().compare(op, TensorInternals.storage(c).array(), c.offset(), 1, new double[] {value}, 0, 0, out, 0, n);
        Tensor result = TensorInternals.wrap(Storage.wrap(out), a.shape());
        if (Tracing.isRecording()) {
            Tracing.record(op.name().toLowerCase(java.util.Locale.ROOT), result, Map.of("value", value), a);
        }
        return result;
    }

    /** A logical operation on two tensors read as booleans. */
    public static Tensor logical(LogicOp op, Tensor a, Tensor b) {
        String name = "logical" + op.name().charAt(0) + op.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor ba = a.to(DType.BOOL);
        Tensor bb = b.to(DType.BOOL);
        boolean[] x = TensorInternals.storage(ba).booleans();
        boolean[] y = TensorInternals.storage(bb).booleans();
        boolean[] out = new boolean[Shape.numel(shape)];
        Backend backend = ba.device().backend();
        backend.forEachRow(shape, Shape.broadcastStrides(ba.shape(), ba.strides(), shape), ba.offset(),
                Shape.broadcastStrides(bb.shape(), bb.strides(), shape), bb.offset(),
                (ao, as, bo, bs, oo, n) -> backend.logical(op, x, ao, as, y, bo, bs, out, oo, n));
        return TensorInternals.wrap(Storage.wrap(out), shape);
    }

    /** Logical not: {@code a ⊕ true}. */
    public static Tensor logicalNot(Tensor a) {
        Tensor c = a.to(DType.BOOL).contiguous();
        boolean[] out = new boolean[c.numel()];
        c.device().backend().logical(LogicOp.XOR, TensorInternals.storage(c).booleans(), c.offset(), 1, new boolean[] {true}, 0, 0,
                out, 0, out.length);
        return TensorInternals.wrap(Storage.wrap(out), a.shape());
    }

    /** True where NaN: {@code a ≠ a} (never for integers and bools). */
    public static Tensor isnan(Tensor a) {
        return a.dtype().isFloatingPoint() ? compareUntraced(CompareOp.NE, a.detach(), a.detach()) : falses(a);
    }

    /** True where ±infinity: {@code a = +∞ ∨ a = −∞}. */
    public static Tensor isinf(Tensor a) {
        return a.dtype().isFloatingPoint()
                ? both(a, CompareOp.EQ, Double.POSITIVE_INFINITY, LogicOp.OR, CompareOp.EQ, Double.NEGATIVE_INFINITY) : falses(a);
    }

    /** True where finite: {@code a > −∞ ∧ a < +∞} (false for NaN; always for integers and bools). */
    public static Tensor isfinite(Tensor a) {
        return a.dtype().isFloatingPoint()
                ? both(a, CompareOp.GT, Double.NEGATIVE_INFINITY, LogicOp.AND, CompareOp.LT, Double.POSITIVE_INFINITY)
                : logicalNot(falses(a));
    }

    /** {@code (a p x) join (a q y)}, not traced: the element tests of isinf and isfinite. */
    private static Tensor both(Tensor a, CompareOp p, double x, LogicOp join, CompareOp q, double y) {
        Tensor c = a.detach();
        return logical(join, compareUntraced(p, c, Tensor.scalar(c.dtype(), x)), compareUntraced(q, c, Tensor.scalar(c.dtype(), y)));
    }

    private static Tensor falses(Tensor a) {
        return TensorInternals.wrap(Storage.wrap(new boolean[a.numel()]), a.shape());
    }

    /** Same shape and every |a − b| ≤ atol + rtol·|b| (NaNs are never close). */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        if (!Shape.same(a.shape(), b.shape())) {
            return false;
        }
        // in float64, untraced: |x − y| ≤ atol + rtol·|y|, or x = y (equal infinities)
        Tensor x = a.detach().to(DType.FLOAT64);
        Tensor y = b.detach().to(DType.FLOAT64);
        Tensor close = compareUntraced(CompareOp.LE, x.sub(y).abs(), y.abs().mul(rtol).add(atol));
        return Reductions.all(logical(LogicOp.OR, close, compareUntraced(CompareOp.EQ, x, y)), null, false).item() != 0;
    }

    /** Same shape and identical elements. */
    public static boolean equal(Tensor a, Tensor b) {
        if (!Shape.same(a.shape(), b.shape())) {
            return false;
        }
        return java.util.Arrays.equals(a.toDoubleArray(), b.toDoubleArray());
    }
}
