package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Views: new shapes and strides over the same storage, no data copied. Each records a node whose
 * backward maps the gradient back to the input's layout (reshape back, transpose back, or write
 * into a zero tensor at the viewed region).
 */
public final class Views {
    private Views() {
    }

    /** See {@link Tensor#view}. */
    public static Tensor view(Tensor x, int[] newShape) {
        int[] shape = inferShape("view", x, newShape);
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("view: a tensor of shape " + Shape.str(x.shape()) + " with strides "
                    + Shape.str(x.strides()) + " is not contiguous; use reshape() instead");
        }
        Tensor out = TensorInternals.viewOf(x, shape, Shape.contiguousStrides(shape), x.offset());
        return recordReshape(x, out);
    }

    /** See {@link Tensor#reshape}. */
    public static Tensor reshape(Tensor x, int[] newShape) {
        int[] shape = inferShape("reshape", x, newShape);
        if (x.isContiguous()) {
            return recordReshape(x, TensorInternals.viewOf(x, shape, Shape.contiguousStrides(shape), x.offset()));
        }
        Tensor copy = contiguousCopy(x);
        return recordReshape(copy, TensorInternals.viewOf(copy, shape, Shape.contiguousStrides(shape), copy.offset()));
    }

    private static Tensor recordReshape(Tensor x, Tensor out) {
        recordReshapeTrace(x, out);
        if (Engine.needsGrad(x)) {
            int[] inShape = x.shape();
            Engine.record(out, FormulaNode.of("ViewBackward", x, g -> g.reshape(inShape)));
        }
        return out;
    }

    private static int[] inferShape(String op, Tensor x, int[] requested) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred (-1) in " + Shape.str(requested));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in shape " + Shape.str(requested));
            } else {
                known *= shape[i];
            }
        }
        int n = x.numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Shape.str(requested) + " is invalid for input of size " + n);
            }
            shape[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(requested) + " is invalid for input of size " + n
                    + " (shape " + Shape.str(x.shape()) + ")");
        }
        return shape;
    }

    private static void recordReshapeTrace(Tensor x, Tensor out) {
        if (Tracing.isRecording()) {
            Tracing.record("reshape", out, Map.of("shape", out.shape()), x);
        }
    }

    /** See {@link Tensor#transpose}. */
    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int rank = x.dim();
        int d0 = Shape.wrapDim("transpose", dim0, rank);
        int d1 = Shape.wrapDim("transpose", dim1, rank);
        if (rank == 0) {
            return x;
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        swap(shape, d0, d1);
        swap(strides, d0, d1);
        Tensor out = TensorInternals.viewOf(x, shape, strides, x.offset());
        if (Tracing.isRecording()) {
            Tracing.record("transpose", out, Map.of("dim0", d0, "dim1", d1), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("TransposeBackward", x, g -> g.transpose(d0, d1)));
        }
        return out;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** See {@link Tensor#permute}. */
    public static Tensor permute(Tensor x, int[] dims) {
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims given for a tensor of rank " + rank
                    + " (shape " + Shape.str(x.shape()) + ")");
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] newShape = new int[rank];
        int[] newStrides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.wrapDim("permute", dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dimension " + d + " repeats in " + Shape.str(dims));
            }
            seen[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
            inverse[d] = i;
        }
        Tensor out = TensorInternals.viewOf(x, newShape, newStrides, x.offset());
        if (Tracing.isRecording()) {
            Tracing.record("permute", out, Map.of("dims", wrappedDims(dims, rank)), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("PermuteBackward", x, g -> g.permute(inverse)));
        }
        return out;
    }

    private static int[] wrappedDims(int[] dims, int rank) {
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = Shape.wrapDim("permute", dims[i], rank);
        }
        return out;
    }

    /** See {@link Tensor#expand}. The engine sums the gradient over the expanded dimensions. */
    public static Tensor expand(Tensor x, int[] sizes) {
        int rank = sizes.length;
        int[] shape = x.shape();
        int[] strides = x.strides();
        if (rank < shape.length) {
            throw new IllegalArgumentException("expand: the number of sizes (" + rank + ") must be at least the tensor's rank ("
                    + shape.length + "), shape " + Shape.str(shape));
        }
        int[] newShape = new int[rank];
        int[] newStrides = new int[rank];
        int shift = rank - shape.length;
        for (int i = 0; i < rank; i++) {
            int want = sizes[i];
            if (i < shift) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension in " + Shape.str(sizes));
                }
                newShape[i] = want;
                newStrides[i] = 0;
            } else {
                int have = shape[i - shift];
                if (want == -1 || want == have) {
                    newShape[i] = have;
                    newStrides[i] = strides[i - shift];
                } else if (have == 1) {
                    newShape[i] = want;
                    newStrides[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: the expanded size " + want + " must match the existing size "
                            + have + " at dimension " + i + " (shape " + Shape.str(shape) + " to " + Shape.str(sizes) + ")");
                }
            }
        }
        Tensor out = TensorInternals.viewOf(x, newShape, newStrides, x.offset());
        if (Tracing.isRecording()) {
            Tracing.record("expand", out, Map.of("shape", newShape.clone()), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("ExpandBackward", x, g -> g));
        }
        return out;
    }

    /** See {@link Tensor#narrow}. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shape.wrapDim("narrow", dim, x.dim());
        int size = x.shape()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " exceed dimension " + d + " of size " + size + " (shape " + Shape.str(x.shape()) + ")");
        }
        return sliceView(x, d, s, length, 1, "NarrowBackward");
    }

    /** See {@link Tensor#slice(int, Integer, Integer, int)}: Python's {@code [start:end:step]}. */
    public static Tensor slice(Tensor x, int dim, Integer start, Integer end, int step) {
        int d = Shape.wrapDim("slice", dim, x.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = x.shape()[d];
        int s = start == null ? 0 : clampIndex(start, size);
        int e = end == null ? size : clampIndex(end, size);
        int length = e <= s ? 0 : (e - s + step - 1) / step;
        return sliceView(x, d, s, length, step, "SliceBackward");
    }

    private static int clampIndex(int i, int size) {
        int v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(v, size));
    }

    private static Tensor sliceView(Tensor x, int d, int start, int length, int step, String name) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int offset = x.offset() + start * strides[d];
        shape[d] = length;
        strides[d] *= step;
        Tensor out = TensorInternals.viewOf(x, shape, strides, offset);
        if (Tracing.isRecording()) {
            Tracing.record("slice", out, Map.of("dim", d, "start", start, "length", length, "step", step), x);
        }
        if (Engine.needsGrad(x)) {
            int[] inShape = x.shape();
            Engine.record(out, FormulaNode.of(name, x,
                    g -> embed(g, inShape, z -> z.slice(d, start, start + (length - 1) * step + 1, step), name)));
        }
        return out;
    }

    /** See {@link Tensor#select}. */
    public static Tensor select(Tensor x, int dim, int index) {
        int d = Shape.wrapDim("select", dim, x.dim());
        if (x.dim() == 0) {
            throw new IllegalArgumentException("select: cannot select from a 0-dimensional tensor");
        }
        int size = x.shape()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dimension " + d
                    + " with size " + size + " (shape " + Shape.str(x.shape()) + ")");
        }
        int i = index < 0 ? index + size : index;
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] newShape = new int[shape.length - 1];
        int[] newStrides = new int[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != d) {
                newShape[j] = shape[k];
                newStrides[j++] = strides[k];
            }
        }
        Tensor out = TensorInternals.viewOf(x, newShape, newStrides, x.offset() + i * strides[d]);
        if (Tracing.isRecording()) {
            Tracing.record("select", out, Map.of("dim", d, "index", i), x);
        }
        if (Engine.needsGrad(x)) {
            int[] inShape = x.shape();
            Engine.record(out, FormulaNode.of("SelectBackward", x,
                    g -> embed(g, inShape, z -> z.select(d, i), "SelectBackward")));
        }
        return out;
    }

    /** See {@link Tensor#squeeze()}; {@code dim == null} removes every size-1 dimension. */
    public static Tensor squeeze(Tensor x, Integer dim) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int keep = 0;
        int d = dim == null ? -1 : Shape.wrapDim("squeeze", dim, x.dim());
        int[] ns = new int[shape.length];
        int[] nt = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            boolean drop = shape[i] == 1 && (dim == null || i == d);
            if (!drop) {
                ns[keep] = shape[i];
                nt[keep++] = strides[i];
            }
        }
        Tensor out = TensorInternals.viewOf(x, java.util.Arrays.copyOf(ns, keep), java.util.Arrays.copyOf(nt, keep), x.offset());
        return recordShapeOnly(x, out, "SqueezeBackward");
    }

    /** See {@link Tensor#unsqueeze}. */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int rank = x.dim() + 1;
        int d = Shape.wrapDim("unsqueeze", dim, rank);
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] ns = new int[rank];
        int[] nt = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i == d) {
                ns[i] = 1;
                nt[i] = j < shape.length ? strides[j] * shape[j] : 1;
            } else {
                ns[i] = shape[j];
                nt[i] = strides[j++];
            }
        }
        return recordShapeOnly(x, TensorInternals.viewOf(x, ns, nt, x.offset()), "UnsqueezeBackward");
    }

    private static Tensor recordShapeOnly(Tensor x, Tensor out, String name) {
        recordReshapeTrace(x, out);
        if (Engine.needsGrad(x)) {
            int[] inShape = x.shape();
            Engine.record(out, FormulaNode.of(name, x, g -> g.reshape(inShape)));
        }
        return out;
    }

    /** See {@link Tensor#flatten(int, int)}. */
    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        int rank = x.dim();
        if (rank == 0) {
            return x.reshape(1);
        }
        int s = Shape.wrapDim("flatten", startDim, rank);
        int e = Shape.wrapDim("flatten", endDim, rank);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start_dim " + startDim + " comes after end_dim " + endDim);
        }
        int[] shape = x.shape();
        int[] ns = new int[rank - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) {
            ns[j++] = shape[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        ns[j++] = merged;
        for (int i = e + 1; i < rank; i++) {
            ns[j++] = shape[i];
        }
        Tensor out = reshape(x, ns);
        if (Tracing.isRecording()) {
            Tracing.record("flatten", out, Map.of("start", s, "end", e), x);
        }
        return out;
    }

    /** See {@link Tensor#unflatten}. */
    public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shape.wrapDim("unflatten", dim, x.dim());
        int[] shape = x.shape();
        int[] ns = new int[shape.length - 1 + sizes.length];
        int j = 0;
        for (int i = 0; i < d; i++) {
            ns[j++] = shape[i];
        }
        for (int s : sizes) {
            ns[j++] = s;
        }
        for (int i = d + 1; i < shape.length; i++) {
            ns[j++] = shape[i];
        }
        try {
            return reshape(x, ns);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unflatten: sizes " + Shape.str(sizes) + " do not multiply to " + shape[d]
                    + " (dimension " + d + " of shape " + Shape.str(shape) + ")", e);
        }
    }

    /** A contiguous copy of any layout; its gradient passes through unchanged. */
    public static Tensor contiguousCopy(Tensor x) {
        Tensor out = TensorInternals.wrap(Copies.gathered(x), x.shape());
        Tracing.record("identity", out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("CloneBackward", x, g -> g));
        }
        return out;
    }

    /** A dtype-preserving helper used by ops: the contiguous data of {@code x} as a fresh float array. */
    static float[] floatsOf(Tensor x) {
        return Copies.converted(x, DType.FLOAT32).floats();
    }

    /**
     * The backward of a view op: zeros of {@code inShape} with {@code g} written into the part that
     * {@code view} selects. It is linear in g, and its own derivative is the view again, which is
     * what a recorded node (double backward, under {@code createGraph}) back-propagates.
     */
    private static Tensor embed(Tensor g, int[] inShape, UnaryOperator<Tensor> view, String name) {
        Tensor z = Tensor.zeros(g.dtype(), inShape);
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            view.apply(z).copy_(g.detach());
        }
        if (Engine.needsGrad(g)) {
            Engine.record(z, FormulaNode.of(name + "Backward", g, view));
        }
        return z;
    }
}
