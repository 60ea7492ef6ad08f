package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joining and splitting along a dimension: {@code cat}, {@code stack}, {@code split}, {@code chunk}.
 *
 * <p>{@code cat} copies each input into its slice of the output with the backend's strided
 * {@link dev.kiln.backend.Backend#copy copy} (whole rows at once where the layouts allow). The pieces of {@code split} and
 * {@code chunk} are views (narrow), so they share storage with the input.
 */
public final class Join {
    private Join() {
    }

    /**
     * Joins tensors along an existing dimension {@code dim}. All must have the same shape except in
     * {@code dim}; the result type is the promotion of their types. 1-D empty tensors (shape [0])
     * are skipped, as in PyTorch. ∂/∂tensors[i] = the slice of the gradient that tensor filled.
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        Tensor ref = null;
        DType type = null;
        for (Tensor t : tensors) {
            if (t == null) {
                throw new IllegalArgumentException("cat: the list of tensors contains null");
            }
            type = type == null ? t.dtype() : DType.promote(type, t.dtype());
            if (ref == null && !isSkippable(t)) {
                ref = t;
            }
        }
        if (ref == null) {
            return Tensor.empty(type, 0);
        }
        int rank = ref.dim();
        if (rank == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated (use stack)");
        }
        int d = Shape.wrapDim("cat", dim, rank);
        int[] refShape = ref.shape();
        int total = 0;
        for (Tensor t : tensors) {
            if (isSkippable(t)) {
                continue;
            }
            int[] s = t.shape();
            boolean ok = s.length == rank;
            for (int k = 0; ok && k < rank; k++) {
                ok = k == d || s[k] == refShape[k];
            }
            if (!ok) {
                throw new IllegalArgumentException("cat: tensors must have the same shape except in dimension " + d
                        + ", got " + Shape.str(refShape) + " and " + Shape.str(s));
            }
            total += s[d];
        }
        int[] outShape = refShape.clone();
        outShape[d] = total;
        int inner = Shape.innerSize(refShape, d);
        Tensor out = Tensor.empty(type, outShape);
        Object dst = TensorInternals.storage(out).array();
        int[] outStrides = out.strides();
        int start = 0;
        int[] starts = new int[tensors.size()];
        int[] sizes = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = start;
            if (isSkippable(t)) {
                sizes[i] = -1;
                continue;
            }
            // each input (any layout) copied by the backend into its slice of the output, which starts at start·inner
            Tensor c = t.detach().to(type);
            c.device().backend().copy(c.shape(), TensorInternals.storage(c).array(), c.strides(), c.offset(), dst, outStrides,
                    start * inner);
            sizes[i] = c.size(d);
            start += sizes[i];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (Tracing.isRecording()) {
            Tracing.record("cat", out, Map.of("dim", d), inputs);
        }
        if (Engine.needsGrad(inputs)) {
            Engine.record(out, catBackward(inputs, d, starts, sizes));
        }
        return out;
    }

    private static boolean isSkippable(Tensor t) {
        return t.dim() == 1 && t.size(0) == 0;
    }

    /** ∂/∂tensors[i] = the slice of the gradient that tensor filled (zeros for a skipped empty one). */
    private static Node catBackward(Tensor[] inputs, int dim, int[] starts, int[] sizes) {
        int[][] shapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            shapes[i] = inputs[i].shape();
        }
        return FormulaNode.of("CatBackward", inputs, saving(), (g, s) -> {
            Tensor[] grads = new Tensor[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                if (s.needsGrad(i)) {
                    grads[i] = sizes[i] < 0 ? Tensor.zeros(g.dtype(), shapes[i]) : g.narrow(dim, starts[i], sizes[i]);
                }
            }
            return grads;
        });
    }

    /**
     * Joins tensors of equal shape along a new dimension at position {@code dim} (in [-(rank+1), rank]).
     * The gradient of each input is its slice of the output gradient.
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int[] ref = tensors.get(0).shape();
        int d = Shape.wrapDim("stack", dim, ref.length + 1);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t == null) {
                throw new IllegalArgumentException("stack: the list of tensors contains null");
            }
            if (!Shape.same(t.shape(), ref)) {
                throw new IllegalArgumentException("stack: expected each tensor to be equal size, but got "
                        + Shape.str(ref) + " at entry 0 and " + Shape.str(t.shape()) + " at entry " + i);
            }
            parts.add(t.unsqueeze(d));
        }
        Tensor out = cat(parts, d);
        if (Tracing.isRecording()) {
            Tracing.record("stack", out, Map.of("dim", d), tensors.toArray(new Tensor[0]));
        }
        return out;
    }

    /**
     * Views of consecutive pieces of {@code splitSize} along {@code dim}; the last piece is shorter
     * when the size does not divide evenly.
     */
    public static List<Tensor> split(Tensor x, int splitSize, int dim) {
        requireDims("split", x);
        int d = Shape.wrapDim("split", dim, x.dim());
        int n = x.size(d);
        if (splitSize < 0 || (splitSize == 0 && n != 0)) {
            throw new IllegalArgumentException("split: split size must be positive, got " + splitSize
                    + " for dimension " + d + " of size " + n);
        }
        List<Tensor> out = new ArrayList<>();
        if (n == 0) {
            out.add(x.narrow(d, 0, 0));
            return out;
        }
        for (int start = 0; start < n; start += splitSize) {
            out.add(x.narrow(d, start, Math.min(splitSize, n - start)));
        }
        return out;
    }

    /** Views of pieces with the given {@code sizes} along {@code dim}; the sizes must add up to the dimension's size. */
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        requireDims("split", x);
        int d = Shape.wrapDim("split", dim, x.dim());
        int n = x.size(d);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes must be non-negative, got " + Shape.str(sizes));
            }
            sum += s;
        }
        if (sum != n) {
            throw new IllegalArgumentException("split: sizes " + Shape.str(sizes) + " add up to " + sum
                    + " but dimension " + d + " of shape " + Shape.str(x.shape()) + " has size " + n);
        }
        List<Tensor> out = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            out.add(x.narrow(d, start, s));
            start += s;
        }
        return out;
    }

    /**
     * {@code chunks} views of equal size {@code ceil(n / chunks)} along {@code dim} (the last may be
     * smaller, and fewer chunks are returned when the size runs out, as in PyTorch).
     */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        requireDims("chunk", x);
        int d = Shape.wrapDim("chunk", dim, x.dim());
        int n = x.size(d);
        int size = (n + chunks - 1) / chunks;
        return split(x, size, d);
    }

    private static void requireDims(String op, Tensor x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException(op + ": expected a tensor with at least one dimension, got a scalar");
        }
    }
}
