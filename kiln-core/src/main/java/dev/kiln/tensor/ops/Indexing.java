package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Selecting and writing elements by position: {@code where}, {@code gather}, {@code scatter},
 * {@code scatterAdd}, {@code indexSelect}, {@code maskedFill} and {@code oneHot}.
 *
 * <p>The ops first turn the index into a list of element positions (a "map") in a contiguous
 * copy of the source; the backend's {@link dev.kiln.backend.IndexingPrimitives} then move the elements. Every index is checked
 * against the size of its dimension before anything is read, so bad input gives an
 * {@link IndexOutOfBoundsException} naming the op, the index and the size.
 */
public final class Indexing {
    private Indexing() {
    }

    // ------------------------------------------------------------------ where

    /**
     * {@code out = condition ? input : other} element-wise, with {@code condition} (bool), {@code input}
     * and {@code other} broadcast together. The result type is the promotion of the two value types.
     * ∂/∂input = g where the condition holds (0 elsewhere), ∂/∂other = g where it does not.
     */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        if (condition.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: expected a bool condition, got " + condition.dtype());
        }
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), input.shape()), other.shape());
        DType type = DType.promote(input.dtype(), other.dtype());
        int n = Shape.numel(shape);
        // each operand is read at offset + i·step: step 0 for a single element, 1 for dense data
        Tensor c = operand(condition, shape);
        Tensor a = operand(input.detach().to(type), shape);
        Tensor b = operand(other.detach().to(type), shape);
        boolean[] cd = TensorInternals.storage(c).booleans();
        int co = c.offset();
        int cs = c.numel() == 1 ? 0 : 1;
        int ao = a.offset();
        int as = a.numel() == 1 ? 0 : 1;
        int bo = b.offset();
        int bs = b.numel() == 1 ? 0 : 1;
        Storage r = Storage.allocate(type, n);
        a.device().backend().where(cd, co, cs, TensorInternals.storage(a).array(), ao, as, TensorInternals.storage(b).array(), bo, bs,
                r.array(), n);
        Tensor out = TensorInternals.wrap(r, shape);
        Tracing.record("where", out, condition, input, other);
        if (Engine.needsGrad(input, other)) {
            Tensor mask = condition.detach();
            Engine.record(out, FormulaNode.of("WhereBackward", inputs(input, other), saving(), (g, s) -> {
                Tensor zero = Tensor.scalar(g.dtype(), 0);
                return new Tensor[] {s.needsGrad(0) ? where(mask, g, zero) : null, s.needsGrad(1) ? where(mask, zero, g) : null};
            }));
        }
        return out;
    }

    /**
     * {@code t} ready to be read at {@code offset + i·step} over a result of {@code shape}: itself
     * when it holds one element or is already dense in that shape, else a broadcast contiguous copy.
     */
    private static Tensor operand(Tensor t, int[] shape) {
        Tensor d = t.detach();
        if (d.numel() == 1 || (Shape.same(d.shape(), shape) && d.isContiguous())) {
            return d;
        }
        return d.expand(shape).contiguous();
    }

    // ------------------------------------------------------------------ gather / scatter

    /**
     * {@code out[i][j][k] = x[index[i][j][k]][j][k]} for dim 0 (and likewise for other dims).
     * {@code index} is int64 with the rank of {@code x}, and {@code index.size(d) <= x.size(d)} for
     * every {@code d != dim}; the output has the index's shape. ∂/∂x = the gradient scatter-added
     * at the index.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shape.wrapDim("gather", dim, x.dim());
        int[] map = gatherMap("gather", x.shape(), d, index, x.shape(), "input");
        Tensor out = take(x.detach().contiguous(), map, index.shape());
        if (Engine.needsGrad(x)) {
            int[] shape = x.shape();
            Tensor at = index.detach();
            Engine.record(out, FormulaNode.of("GatherBackward", x, g -> scatterAdd(Tensor.zeros(g.dtype(), shape), d, at, g)));
        }
        return out;
    }

    /**
     * A copy of {@code x} with {@code src} written at {@code index} along {@code dim}:
     * {@code out[index[i][j]][j] = src[i][j]} for dim 0. {@code src} must be at least as large
     * as {@code index} in every dimension. ∂/∂x = g with 0 at the written positions;
     * ∂/∂src = g gathered at the index.
     */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        return scatterOp("scatter", x, dim, index, src, false);
    }

    /** A copy of {@code x} with {@code value} written at {@code index} along {@code dim}. ∂/∂x = g with 0 at the written positions. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, double value) {
        int d = Shape.wrapDim("scatter", dim, x.dim());
        int[] dst = gatherMap("scatter", x.shape(), d, index, x.shape(), "self");
        Tensor out = x.detach().clone();
        // every written position reads the one element of a scalar of x's type (the value converted once)
        Tensor v = Tensor.scalar(x.dtype(), value);
        out.device().backend().scatter(TensorInternals.storage(v).array(), v.offset(), null, TensorInternals.storage(out).array(), dst,
                dst.length);
        if (Engine.needsGrad(x)) {
            Engine.record(out, scatterBackward(x, null, d, index, false));
        }
        return out;
    }

    /**
     * A copy of {@code x} with {@code src} added at {@code index} along {@code dim}; repeated
     * indices add up. ∂/∂x = g; ∂/∂src = g gathered at the index.
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        return scatterOp("scatterAdd", x, dim, index, src, true);
    }

    private static Tensor scatterOp(String op, Tensor x, int dim, Tensor index, Tensor src, boolean add) {
        int d = Shape.wrapDim(op, dim, x.dim());
        if (src.dim() != index.dim()) {
            throw new IllegalArgumentException(op + ": index has " + index.dim() + " dimensions but src has " + src.dim()
                    + " (index shape " + Shape.str(index.shape()) + ", src shape " + Shape.str(src.shape()) + ")");
        }
        int[] is = index.shape();
        int[] ss = src.shape();
        for (int k = 0; k < is.length; k++) {
            if (is[k] > ss[k]) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(is) + " is larger than src shape "
                        + Shape.str(ss) + " in dimension " + k);
            }
        }
        int[] dst = gatherMap(op, x.shape(), d, index, x.shape(), "self");
        Tensor s = src.detach().to(x.dtype()).contiguous();
        int[] srcMap = coordMap(is, Shape.contiguousStrides(ss));
        Tensor out = x.detach().clone();
        Object from = TensorInternals.storage(s).array();
        Object to = TensorInternals.storage(out).array();
        if (add) {
            out.device().backend().scatterAdd(from, s.offset(), srcMap, to, dst, dst.length);
        } else {
            out.device().backend().scatter(from, s.offset(), srcMap, to, dst, dst.length);
        }
        if (Engine.needsGrad(x, src)) {
            Engine.record(out, scatterBackward(x, src, d, index, add));
        }
        return out;
    }

    /** ∂/∂x = g (scatterAdd) or g with 0 at the written positions (scatter); ∂/∂src = g gathered at the index. */
    private static Node scatterBackward(Tensor x, Tensor src, int dim, Tensor index, boolean add) {
        Tensor at = index.detach();
        int[] srcShape = src == null ? null : src.shape();
        return FormulaNode.of("ScatterBackward", inputs(x, src), saving(), (g, s) -> new Tensor[] {
            s.needsGrad(0) ? (add ? g : scatter(g, dim, at, 0.0)) : null,
            srcShape != null && s.needsGrad(1) ? padTo(gather(g, dim, at), srcShape) : null});
    }

    /** Pads {@code t} with trailing zeros in each dimension up to {@code shape}. */
    private static Tensor padTo(Tensor t, int[] shape) {
        Tensor r = t;
        for (int d = 0; d < shape.length; d++) {
            int have = r.size(d);
            if (have < shape[d]) {
                int[] zs = r.shape();
                zs[d] = shape[d] - have;
                r = Join.cat(java.util.List.of(r, Tensor.zeros(r.dtype(), zs)), d);
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ indexSelect

    /**
     * The entries of {@code x} at the int64 positions {@code index} (1-D, or a scalar) along
     * {@code dim}: the output has {@code x}'s shape with {@code dim} resized to {@code index.numel()}.
     * Repeated indices are allowed; their gradients add up.
     */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        requireInt64("index_select", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_select: index must be 1-D, got shape " + Shape.str(index.shape()));
        }
        int rank = x.dim();
        int d = Shape.wrapDim("index_select", dim, rank);
        int[] xs = x.shape();
        int size = rank == 0 ? 1 : xs[d];
        long[] idx = index.detach().contiguous().toLongArray();
        int k = idx.length;
        int outer = Shape.outerSize(xs, d);
        int inner = Shape.innerSize(xs, d);
        if (rank == 0 && k != 1) {
            throw new IllegalArgumentException("index_select: a zero-dimensional input takes exactly one index, got "
                    + k + " (index shape " + Shape.str(index.shape()) + ")");
        }
        int[] pos = new int[idx.length];
        for (int j = 0; j < k; j++) {
            pos[j] = checkIndex("index_select", idx[j], size, d);
        }
        int[] outShape = xs.clone();
        if (rank > 0) {
            outShape[d] = k;
        }
        Tensor c = x.detach().contiguous();
        Tensor out = Tensor.empty(x.dtype(), outShape);
        c.device().backend().indexSelect(TensorInternals.storage(c).array(), c.offset(), outer, size, inner, pos,
                TensorInternals.storage(out).array());
        if (Tracing.isRecording()) {
            Tracing.record("index_select", out, java.util.Map.of("dim", d), x, index);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, indexSelectBackward(x, d, index, pos));
        }
        return out;
    }

    /** ∂/∂x = g added back at the selected positions along dim (repeated indices add up). */
    private static Node indexSelectBackward(Tensor x, int dim, Tensor index, int[] positions) {
        int[] shape = x.shape();
        Tensor at = index.detach();
        return FormulaNode.of("IndexSelectBackward", x, g -> shape.length == 0 ? g.reshape() : indexAdd(g, shape, dim, positions, at));
    }

    /**
     * Zeros of {@code shape} with the rows of {@code g} added at {@code positions} along {@code dim}:
     * {@code out[…, positions[j], …] += g[…, j, …]}. ∂/∂g = the gradient's rows at the positions (index_select).
     */
    private static Tensor indexAdd(Tensor g, int[] shape, int dim, int[] positions, Tensor index) {
        Tensor c = g.detach().contiguous();
        Tensor out = Tensor.zeros(g.dtype(), shape);
        c.device().backend().indexAdd(TensorInternals.storage(c).array(), c.offset(), Shape.outerSize(shape, dim),
                Shape.innerSize(shape, dim), positions, TensorInternals.storage(out).array(), shape[dim]);
        if (Engine.needsGrad(g)) {
            Engine.record(out, FormulaNode.of("IndexAddBackward", g, gg -> indexSelect(gg, dim, index)));
        }
        return out;
    }

    // ------------------------------------------------------------------ maskedFill / oneHot

    /**
     * A copy of {@code x} with {@code value} where the bool {@code mask} (broadcast to {@code x}'s
     * shape) is true. ∂/∂x = g with 0 at the filled positions.
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_fill: expected a bool mask, got " + mask.dtype());
        }
        int[] b = Shape.broadcast("masked_fill", x.shape(), mask.shape());
        if (!Shape.same(b, x.shape())) {
            throw new IllegalArgumentException("masked_fill: mask of shape " + Shape.str(mask.shape())
                    + " cannot be broadcast to the input shape " + Shape.str(x.shape()));
        }
        return where(mask, Tensor.scalar(x.dtype(), value), x);
    }

    /**
     * One-hot encoding: for an int64 tensor of class indices, an int64 tensor with one more
     * trailing dimension of size {@code numClasses} holding 1 at each index and 0 elsewhere.
     * {@code numClasses = -1} uses {@code max(indices) + 1}.
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        requireInt64("one_hot", indices);
        long[] idx = indices.detach().contiguous().toLongArray();
        int classes = numClasses;
        if (numClasses == -1) {
            if (idx.length == 0) {
                throw new IllegalArgumentException("one_hot: cannot infer the number of classes from an empty tensor");
            }
            long[] at = new long[1];
            indices.device().backend().argmax(idx, 0, 1, idx.length, 1, at);
            long max = idx[(int) at[0]];
            if (max >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("one_hot: class index " + max + " is too large");
            }
            classes = (int) Math.max(max + 1, 0);
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("one_hot: num_classes must be positive or -1, got " + numClasses);
        }
        int[] is = indices.shape();
        int[] outShape = java.util.Arrays.copyOf(is, is.length + 1);
        outShape[is.length] = classes;
        int[] hot = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < 0 || v >= classes) {
                throw new IndexOutOfBoundsException("one_hot: class index " + v + " is out of range for " + classes
                        + " classes (expected in [0, " + (classes - 1) + "])");
            }
            hot[i] = i * classes + (int) v;
        }
        long[] r = new long[Shape.numel(outShape)];
        indices.device().backend().scatter(new long[] {1}, 0, null, r, hot, hot.length);
        return TensorInternals.wrap(Storage.wrap(r), outShape);
    }

    // ------------------------------------------------------------------ kernels shared by the ops of this package

    static void requireInt64(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected an int64 index tensor, got " + index.dtype());
        }
    }

    /** Checks an index against a dimension size (negative not allowed) and returns it as an int. */
    static int checkIndex(String op, long v, int size, int dim) {
        if (v < 0 || v >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return (int) v;
    }

    /**
     * For every element of a tensor of {@code shape} in row-major order, its position under
     * {@code strides}: {@code Σ_d coord_d · strides[d]}.
     */
    static int[] coordMap(int[] shape, int[] strides) {
        int n = Shape.numel(shape);
        int[] map = new int[n];
        int rank = shape.length;
        if (n == 0) {
            return map;
        }
        if (rank == 0) {
            return map;
        }
        int last = rank - 1;
        int len = shape[last];
        int step = strides[last];
        int[] counter = new int[rank];
        int base = 0;
        for (int i = 0; i < n; i += len) {
            for (int j = 0; j < len; j++) {
                map[i + j] = base + j * step;
            }
            for (int d = last - 1; d >= 0; d--) {
                base += strides[d];
                if (++counter[d] < shape[d]) {
                    break;
                }
                base -= strides[d] * shape[d];
                counter[d] = 0;
            }
        }
        return map;
    }

    /**
     * Positions, in a contiguous tensor of {@code xShape}, of the elements that an index tensor
     * selects along {@code dim} (gather/scatter rule). Checks the index type, rank, sizes and values.
     */
    static int[] gatherMap(String op, int[] xShape, int dim, Tensor index, int[] limitShape, String inputName) {
        requireInt64(op, index);
        int rank = xShape.length;
        int[] is = index.shape();
        if (is.length != rank && !(rank == 0 && is.length <= 1) && !(is.length == 0 && rank <= 1)) {
            throw new IllegalArgumentException(op + ": index has " + is.length + " dimensions but " + inputName + " has " + rank
                    + " (index shape " + Shape.str(is) + ", " + inputName + " shape " + Shape.str(xShape) + ")");
        }
        if (rank == 0 || is.length == 0) {
            // scalar cases: a single position along a (possibly absent) dimension
            long[] idx = index.detach().contiguous().toLongArray();
            int size = rank == 0 ? 1 : xShape[0];
            int[] map = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                map[i] = checkIndex(op, idx[i], size, dim);
            }
            return map;
        }
        for (int d = 0; d < rank; d++) {
            if (d != dim && is[d] > limitShape[d]) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(is) + " is larger than " + inputName
                        + " shape " + Shape.str(limitShape) + " in dimension " + d + " (only dimension " + dim + " may differ)");
            }
        }
        int[] xStrides = Shape.contiguousStrides(xShape);
        int dimStride = xStrides[dim];
        int size = xShape[dim];
        int[] zeroed = xStrides.clone();
        zeroed[dim] = 0;
        int[] map = coordMap(is, zeroed);
        Tensor ic = index.detach().contiguous();
        long[] idx = TensorInternals.storage(ic).longs();
        int io = ic.offset();
        for (int i = 0; i < map.length; i++) {
            long v = idx[io + i];
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + dim
                        + " with size " + size);
            }
            map[i] += (int) v * dimStride;
        }
        return map;
    }

    /** {@code out[i] = src[map[i]]} for a contiguous {@code src}, as a new tensor of {@code shape}. */
    static Tensor take(Tensor src, int[] map, int[] shape) {
        Storage out = Storage.allocate(src.dtype(), map.length);
        src.device().backend().gather(TensorInternals.storage(src).array(), src.offset(), map, out.array(), 0, map.length);
        return TensorInternals.wrap(out, shape);
    }

    /** The error of a kernel handed arrays of two element types (a bug in the op, which converts its inputs first). */
    static IllegalStateException mismatch(String op, Object to, Object from) {
        return new IllegalStateException(op + ": arrays of different element types, " + to.getClass().getSimpleName()
                + " and " + from.getClass().getSimpleName());
    }
}
