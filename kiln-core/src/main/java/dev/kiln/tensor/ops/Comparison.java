package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.CompareOp;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;
import java.util.function.DoublePredicate;

/** Comparisons and logical operations; all give bool tensors and are not differentiable. */
public final class Comparison {
    private Comparison() {
    }

    /** The binary logical operators. */
    public enum Logic {
        AND, OR, XOR;

        boolean test(boolean a, boolean b) {
            return switch (this) {
                case AND -> a && b;
                case OR -> a || b;
                case XOR -> a ^ b;
            };
        }
    }

    /** {@code a op b} element-wise with broadcasting. */
    public static Tensor compare(CompareOp op, Tensor a, Tensor b) {
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
        Tensor result = TensorInternals.wrap(Storage.wrap(out), shape);
        Tracing.record(name, result, a, b);
        return result;
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
    public static Tensor logical(Logic op, Tensor a, Tensor b) {
        String name = "logical" + op.name().charAt(0) + op.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor ba = a.to(DType.BOOL);
        Tensor bb = b.to(DType.BOOL);
        boolean[] x = TensorInternals.storage(ba).booleans();
        boolean[] y = TensorInternals.storage(bb).booleans();
        boolean[] out = new boolean[Shape.numel(shape)];
        ba.device().backend().forEachRow(shape, Shape.broadcastStrides(ba.shape(), ba.strides(), shape), ba.offset(),
                Shape.broadcastStrides(bb.shape(), bb.strides(), shape), bb.offset(), (ao, as, bo, bs, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = op.test(x[ao + i * as], y[bo + i * bs]);
                    }
                });
        return TensorInternals.wrap(Storage.wrap(out), shape);
    }

    /** Logical not. */
    public static Tensor logicalNot(Tensor a) {
        boolean[] x = a.toBooleanArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = !x[i];
        }
        return TensorInternals.wrap(Storage.wrap(x), a.shape());
    }

    /** True where NaN. */
    public static Tensor isnan(Tensor a) {
        return holds(a, Double::isNaN);
    }

    /** True where ±infinity. */
    public static Tensor isinf(Tensor a) {
        return holds(a, Double::isInfinite);
    }

    /** True where finite. */
    public static Tensor isfinite(Tensor a) {
        return holds(a, Double::isFinite);
    }

    /** A bool tensor of a's shape: true where {@code test} holds for the element (read as float64, exact for floats). */
    private static Tensor holds(Tensor a, DoublePredicate test) {
        double[] x = a.toDoubleArray();
        boolean[] out = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = test.test(x[i]);
        }
        return TensorInternals.wrap(Storage.wrap(out), a.shape());
    }

    /** Same shape and every |a − b| ≤ atol + rtol·|b| (NaNs are never close). */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        if (!Shape.same(a.shape(), b.shape())) {
            return false;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i])) && x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    /** Same shape and identical elements. */
    public static boolean equal(Tensor a, Tensor b) {
        if (!Shape.same(a.shape(), b.shape())) {
            return false;
        }
        return java.util.Arrays.equals(a.toDoubleArray(), b.toDoubleArray());
    }
}
