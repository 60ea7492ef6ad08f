package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.BinaryFunction;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/**
 * Element-wise functions of two tensors with broadcasting and type promotion, and their
 * tensor-with-number forms. Each derivative sits beside its forward in the backward nodes below;
 * the engine sums gradients back over broadcast dimensions.
 */
public final class BinaryOps {
    private BinaryOps() {
    }

    /** The binary functions: the backend function that computes each, and (but for ADD, which has alpha) its backward. */
    enum Kind {
        ADD("add", BinaryFunction.ADD), MUL("mul", BinaryFunction.MUL), DIV("div", BinaryFunction.DIV),
        POW("pow", BinaryFunction.POW), MAXIMUM("maximum", BinaryFunction.MAXIMUM), MINIMUM("minimum", BinaryFunction.MINIMUM);

        /** The op's name in error messages and traces. */
        final String op;
        /** The value, as an entry of the backend's table. */
        final BinaryFunction function;

        Kind(String op, BinaryFunction function) {
            this.op = op;
            this.function = function;
        }

        /** The node of {@code out = a ∘ b} that holds this function's backward. */
        Node backward(Tensor a, Tensor b, Tensor out) {
            return switch (this) {
                case ADD -> addBackward(a, b, 1);
                case MUL -> FormulaNode.of("MulBackward", inputs(a, b), saving(a, b), (g, s) -> new Tensor[] {
                    s.needsGrad(0) ? g.mul(s.get(1)) : null, s.needsGrad(1) ? g.mul(s.get(0)) : null});
                case DIV -> FormulaNode.of("DivBackward", inputs(a, b), saving(b, out), (g, s) -> {
                    Tensor ga = g.div(s.get(0));
                    return new Tensor[] {ga, s.needsGrad(1) ? ga.mul(s.get(1)).neg() : null};
                });
                case POW -> FormulaNode.of("PowBackward", inputs(a, b), saving(a, b, out), (g, s) -> new Tensor[] {
                    s.needsGrad(0) ? g.mul(s.get(1)).mul(s.get(0).pow(s.get(1).sub(1))) : null,
                    s.needsGrad(1) ? g.mul(s.get(2)).mul(s.get(0).log()) : null});
                case MAXIMUM -> selectBackward(a, b, true);
                case MINIMUM -> selectBackward(a, b, false);
            };
        }
    }

    /** {@code out = a ∘ b} for {@code kind}, traced, with its backward node when an input needs grad. */
    private static Tensor recorded(Kind kind, Tensor a, Tensor b) {
        Tensor out = compute(kind.op, kind, a, b, 1);
        Tracing.record(kind.op, out, a, b);
        if (Engine.needsGrad(a, b)) {
            Engine.record(out, kind.backward(a, b, out));
        }
        return out;
    }

    /** {@code a + alpha·b}: ∂/∂a = 1, ∂/∂b = alpha. */
    public static Tensor add(Tensor a, Tensor b, double alpha) {
        Tensor out = compute("add", Kind.ADD, a, b, alpha);
        if (Tracing.isRecording()) {
            Tracing.record("add", out, Map.of("alpha", alpha), a, b);
        }
        if (Engine.needsGrad(a, b)) {
            Engine.record(out, addBackward(a, b, alpha));
        }
        return out;
    }

    /** {@code a · b}: ∂/∂a = b, ∂/∂b = a. */
    public static Tensor mul(Tensor a, Tensor b) {
        return recorded(Kind.MUL, a, b);
    }

    /** {@code a / b}: ∂/∂a = 1/b, ∂/∂b = −a/b². Integer inputs give float32 (true division). */
    public static Tensor div(Tensor a, Tensor b) {
        return recorded(Kind.DIV, a, b);
    }

    /** {@code a ^ b}: ∂/∂a = b·a^(b−1), ∂/∂b = a^b·ln a. */
    public static Tensor pow(Tensor a, Tensor b) {
        return recorded(Kind.POW, a, b);
    }

    /** The element-wise maximum; on ties each input gets half the gradient. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return recorded(Kind.MAXIMUM, a, b);
    }

    /** The element-wise minimum; on ties each input gets half the gradient. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return recorded(Kind.MINIMUM, a, b);
    }

    /** {@code x + value}; keeps x's floating type (an integer tensor plus a fraction gives float32). */
    public static Tensor addScalar(Tensor x, double value) {
        Tensor out = affine(x, 1, value);
        if (Tracing.isRecording()) {
            Tracing.record("affine", out, Map.of("scale", 1.0, "shift", value), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, scaleBackward(x, 1));
        }
        return out;
    }

    /** {@code x · value}; ∂/∂x = value. */
    public static Tensor mulScalar(Tensor x, double value) {
        Tensor out = affine(x, value, 0);
        if (Tracing.isRecording()) {
            Tracing.record("affine", out, Map.of("scale", value, "shift", 0.0), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, scaleBackward(x, value));
        }
        return out;
    }

    /** {@code x ^ e} for a number e; ∂/∂x = e·x^(e−1). */
    public static Tensor powScalar(Tensor x, double e) {
        Tensor out;
        if (e == 2) {
            try (var off = dev.kiln.autograd.GradMode.disabled()) {
                out = x.square();
            }
        } else if (e == 1) {
            out = x.detach().clone();
        } else {
            Tensor base = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
            out = compute("pow", Kind.POW, base, Tensor.scalar(base.dtype(), e), 1);
        }
        if (Tracing.isRecording()) {
            Tracing.record("pow_scalar", out, Map.of("exponent", e), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("PowScalarBackward", inputs(x), saving(x), (g, s) -> new Tensor[] {
                e == 2 ? g.mul(s.get(0)).mul(2) : e == 1 ? g : g.mul(s.get(0).pow(e - 1)).mul(e)}));
        }
        return out;
    }

    // ---- out= variants: write into a preallocated tensor, no graph (see OutArgument)

    /** {@code out = a + alpha·b} with broadcasting; {@code out} has the broadcast shape and promoted type. */
    public static Tensor addInto(Tensor a, Tensor b, double alpha, Tensor out) {
        return computeInto("add", Kind.ADD, a, b, alpha, out);
    }

    /** {@code out = a · b} with broadcasting. */
    public static Tensor mulInto(Tensor a, Tensor b, Tensor out) {
        return computeInto("mul", Kind.MUL, a, b, 1, out);
    }

    /** {@code out = x + value}. */
    public static Tensor addScalarInto(Tensor x, double value, Tensor out) {
        return affineInto("add", x, 1, value, out);
    }

    /** {@code out = x · value}. */
    public static Tensor mulScalarInto(Tensor x, double value, Tensor out) {
        return affineInto("mul", x, value, 0, out);
    }

    private static Tensor affineInto(String op, Tensor x, double scale, double shift, Tensor out) {
        DType type = affineType(x.dtype(), scale, shift);
        int[] shape = x.shape();
        OutArgument.check(op, out, shape, type, x, null);
        if (type == DType.FLOAT32 && x.dtype() == DType.FLOAT32 && x.isContiguous() && out.isContiguous()) {
            floatAffine(x.device().backend(), TensorInternals.floats(x), x.offset(), TensorInternals.floats(out), out.offset(), shape.length == 0 ? 1 : x.numel(), (float) scale, (float) shift);
            TensorInternals.storage(out).bumpVersion();
            return out;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = affine(x, scale, shift);
        }
        return out.copy_(r);
    }

    private static Tensor computeInto(String op, Kind kind, Tensor a, Tensor b, double alpha, Tensor out) {
        DType type = resultType(kind, a.dtype(), b.dtype());
        int[] shape = OutArgument.sameShape(a, b) ? a.shape() : Shape.broadcast(op, a.shape(), b.shape());
        OutArgument.check(op, out, shape, type, a, b);
        if (type == DType.FLOAT32 && out.isContiguous()) {
            computeFloat(kind, a.to(type), b.to(type), shape, alpha, TensorInternals.floats(out), out.offset());
            TensorInternals.storage(out).bumpVersion();
            return out;
        }
        Tensor r;
        try (var off = GradMode.disabled()) {
            r = compute(op, kind, a, b, alpha);
        }
        return out.copy_(r);
    }

    // ---- kernels

    /** The type of {@code x·scale + shift}: x's type, except bool → float32 and int64 with a fraction → float32. */
    private static DType affineType(DType type, double scale, double shift) {
        if (type == DType.BOOL || (type == DType.INT64 && (scale != Math.rint(scale) || shift != Math.rint(shift)))) {
            return DType.FLOAT32;
        }
        return type;
    }

    /** A new contiguous tensor over {@code storage} with {@code shape}, taking the array over. */
    static Tensor wrapContiguous(Storage storage, int[] shape) {
        return TensorInternals.wrap(storage, shape, Shape.contiguousStrides(shape), 0);
    }

    private static void floatAffine(Backend backend, float[] src, int so, float[] dst, int dOff, int n, float s, float t) {
        backend.parallelFor(n, 1, (lo, hi) -> backend.affine(src, so + lo, dst, dOff + lo, hi - lo, s, t));
    }

    private static Tensor affine(Tensor x, double scale, double shift) {
        DType type = affineType(x.dtype(), scale, shift);
        if (type != x.dtype()) {
            x = x.to(type);
        }
        Tensor c = x.contiguous();
        int[] shape = c.shape();
        int n = Shape.numel(shape);
        int off = c.offset();
        Object from = TensorInternals.storage(c).array();
        Storage r = Storage.allocate(type, n);
        Backend be = c.device().backend();
        Backend.RangeBody body = switch (r.array()) {
            case float[] z when from instanceof float[] s -> (lo, hi) -> be.affine(s, off + lo, z, lo, hi - lo, (float) scale, (float) shift);
            case double[] z when from instanceof double[] s -> (lo, hi) -> be.affine(s, off + lo, z, lo, hi - lo, scale, shift);
            case long[] z when from instanceof long[] s -> (lo, hi) -> be.affine(s, off + lo, z, lo, hi - lo, (long) scale, (long) shift);
            default -> throw Indexing.mismatch("affine", r.array(), from);
        };
        be.parallelFor(n, 1, body);
        return wrapContiguous(r, shape);
    }

    /** The type of {@code kind(a, b)}: the promoted type; bool arithmetic gives int64, integer division float32. */
    private static DType resultType(Kind kind, DType a, DType b) {
        DType type = DType.promote(a, b);
        if (type == DType.BOOL || (kind == Kind.DIV && type == DType.INT64)) {
            type = kind == Kind.DIV ? DType.FLOAT32 : DType.INT64;
        }
        return type;
    }

    /** Computes {@code kind(a, alpha·b)} into a new tensor of the broadcast shape and promoted type. */
    static Tensor compute(String op, Kind kind, Tensor a, Tensor b, double alpha) {
        DType type = resultType(kind, a.dtype(), b.dtype());
        Tensor ta = a.to(type);
        Tensor tb = b.to(type);
        if (type == DType.FLOAT32) {
            // the common case first, without broadcast bookkeeping: same shape, both contiguous
            int[] shape = OutArgument.sameShape(ta, tb) ? ta.shape() : Shape.broadcast(op, ta.shape(), tb.shape());
            float[] z = new float[Shape.numel(shape)];
            computeFloat(kind, ta, tb, shape, alpha, z, 0);
            return wrapContiguous(Storage.wrap(z), shape);
        }
        int[] shape = Shape.broadcast(op, ta.shape(), tb.shape());
        Object x = TensorInternals.storage(ta).array();
        Object y = TensorInternals.storage(tb).array();
        Storage z = Storage.allocate(type, Shape.numel(shape));
        Backend be = ta.device().backend();
        BinaryFunction f = kind.function;
        long la = (long) alpha;
        Backend.RowKernel kernel = switch (z.array()) {
            case double[] r when x instanceof double[] p && y instanceof double[] q -> kind == Kind.ADD
                    ? (ao, as, bo, bs, oo, len) -> be.add(p, ao, as, q, bo, bs, r, oo, len, alpha)
                    : (ao, as, bo, bs, oo, len) -> be.binary(f, p, ao, as, q, bo, bs, r, oo, len);
            case long[] r when x instanceof long[] p && y instanceof long[] q -> kind == Kind.ADD
                    ? (ao, as, bo, bs, oo, len) -> be.add(p, ao, as, q, bo, bs, r, oo, len, la)
                    : (ao, as, bo, bs, oo, len) -> be.binary(f, p, ao, as, q, bo, bs, r, oo, len);
            default -> throw Indexing.mismatch(op, z.array(), x);
        };
        ta.device().backend().forEachRow(shape, Shape.broadcastStrides(ta.shape(), ta.strides(), shape), ta.offset(),
                Shape.broadcastStrides(tb.shape(), tb.strides(), shape), tb.offset(), kernel);
        return wrapContiguous(z, shape);
    }

    /**
     * Writes {@code kind(ta, alpha·tb)} (both float32, broadcast to {@code shape}) into the contiguous
     * run {@code z[zo …]}: one vector loop when both are contiguous with the same shape (split across
     * threads when large), else a row kernel per innermost row.
     */
    private static void computeFloat(Kind kind, Tensor ta, Tensor tb, int[] shape, double alpha, float[] z, int zo) {
        float[] x = TensorInternals.floats(ta);
        float[] y = TensorInternals.floats(tb);
        float fa = (float) alpha;
        Backend be = ta.device().backend();
        int ao = ta.offset();
        int bo = tb.offset();
        if (ta.isContiguous() && tb.isContiguous() && OutArgument.sameShape(ta, shape) && OutArgument.sameShape(tb, shape)) {
            int n = Shape.numel(shape);
            be.parallelFor(n, 1, (lo, hi) -> floatRow(be, kind, x, ao + lo, 1, y, bo + lo, 1, z, zo + lo, hi - lo, fa));
            return;
        }
        int inner = ta.isContiguous() && OutArgument.sameShape(ta, shape) ? trailingBroadcast(tb, shape) : -1;
        if (inner > 0) {
            // b repeats along the leading dims (a bias row added to every row): one vector row per output row
            int rows = Shape.numel(shape) / inner;
            be.parallelFor(rows, inner, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    floatRow(be, kind, x, ao + r * inner, 1, y, bo, 1, z, zo + r * inner, inner, fa);
                }
            });
            return;
        }
        int[] sa = Shape.broadcastStrides(ta.shape(), ta.strides(), shape);
        int[] sb = Shape.broadcastStrides(tb.shape(), tb.strides(), shape);
        be.forEachRow(shape, sa, ao, sb, bo,
                (rao, as, rbo, bs, oo, len) -> floatRow(be, kind, x, rao, as, y, rbo, bs, z, zo + oo, len, fa));
    }

    /**
     * When contiguous {@code t} (leading size-1 dims aside) equals the trailing dims of {@code shape}
     * and is smaller than it, the number of elements it covers (one "row" of the output); else -1.
     */
    private static int trailingBroadcast(Tensor t, int[] shape) {
        if (!t.isContiguous()) {
            return -1;
        }
        int d = t.dim();
        int lead = 0;
        while (lead < d && t.size(lead) == 1) {
            lead++;
        }
        int k = d - lead;
        if (k == 0 || k > shape.length) {
            return -1;
        }
        int inner = 1;
        for (int i = 0; i < k; i++) {
            int s = t.size(lead + i);
            if (s != shape[shape.length - k + i]) {
                return -1;
            }
            inner *= s;
        }
        return inner > 0 && inner < Shape.numel(shape) ? inner : -1;
    }

    private static void floatRow(Backend be, Kind kind, float[] x, int ao, int as, float[] y, int bo, int bs, float[] z, int oo, int n,
            float alpha) {
        switch (kind) {
            case ADD -> be.add(x, ao, as, y, bo, bs, z, oo, n, alpha);
            case MUL -> be.mul(x, ao, as, y, bo, bs, z, oo, n);
            case DIV -> be.div(x, ao, as, y, bo, bs, z, oo, n);
            default -> be.binary(kind.function, x, ao, as, y, bo, bs, z, oo, n);
        }
    }

    /** ∂/∂a = g, ∂/∂b = alpha·g. */
    private static Node addBackward(Tensor a, Tensor b, double alpha) {
        return FormulaNode.of("AddBackward", inputs(a, b), saving(), (g, s) -> new Tensor[] {
            g, s.needsGrad(1) ? (alpha == 1 ? g : g.mul(alpha)) : null});
    }

    /** ∂/∂x = scale·g. */
    private static Node scaleBackward(Tensor x, double scale) {
        return FormulaNode.of("ScaleBackward", x, g -> scale == 1 ? g : g.mul(scale));
    }

    /** The gradient of maximum (or minimum): to the input that wins, split in half on ties. */
    private static Node selectBackward(Tensor a, Tensor b, boolean max) {
        return FormulaNode.of(max ? "MaximumBackward" : "MinimumBackward", inputs(a, b), saving(a, b), (g, s) -> {
            Tensor x = s.get(0);
            Tensor y = s.get(1);
            Tensor winsA = (max ? x.gt(y) : x.lt(y)).to(g.dtype());
            Tensor ties = x.eq(y).to(g.dtype()).mul(0.5);
            Tensor shareA = winsA.add(ties);
            Tensor shareB = shareA.rsub(1);
            return new Tensor[] {g.mul(shareA), g.mul(shareB)};
        });
    }
}
