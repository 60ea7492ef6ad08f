package dev.kiln.onnx.ops;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Reductions over axes: ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd, ReduceSumSquare,
 * ReduceL1, ReduceL2, ReduceLogSumExp, and ArgMax/ArgMin.
 *
 * <p>The axes are an attribute before opset 18 (before 13 for ReduceSum) and an optional input
 * after; no axes means every axis, unless {@code noop_with_empty_axes} makes it the identity.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    /** A reduction over the (sorted, non-negative, non-empty) dims. */
    @FunctionalInterface
    private interface Reduce {
        Tensor apply(Tensor x, int[] dims, boolean keepdim);
    }

    static void register(Map<String, Operator> ops) {
        reduce(ops, "ReduceMean", 18, Tensor::mean);
        reduce(ops, "ReduceSum", 13, Tensor::sum);
        reduce(ops, "ReduceMax", 18, Tensor::amax);
        reduce(ops, "ReduceMin", 18, Tensor::amin);
        reduce(ops, "ReduceSumSquare", 18, (x, dims, keep) -> x.square().sum(dims, keep));
        reduce(ops, "ReduceL1", 18, (x, dims, keep) -> x.abs().sum(dims, keep));
        reduce(ops, "ReduceL2", 18, (x, dims, keep) -> x.square().sum(dims, keep).sqrt());
        reduce(ops, "ReduceLogSumExp", 18, Tensor::logsumexp);
        reduce(ops, "ReduceProd", 18, (x, dims, keep) -> {
            Tensor r = x;
            for (int i = dims.length - 1; i >= 0; i--) {
                r = r.prod(dims[i], keep);
            }
            return r;
        });
        ops.put("ArgMax", node -> argReduce(node, true));
        ops.put("ArgMin", node -> argReduce(node, false));
    }

    private static void reduce(Map<String, Operator> ops, String name, int axesInputFrom, Reduce f) {
        ops.put(name, node -> {
            boolean axesAsInput = node.opset() >= axesInputFrom;
            long[] attribute = axesAsInput ? null : node.getInts("axes", null);
            boolean keepdims = node.getInt("keepdims", 1) != 0;
            boolean noopWhenEmpty = axesAsInput && node.getInt("noop_with_empty_axes", 0) != 0;
            node.checkAllAttributesRead();
            return (in, mode) -> {
                Tensor x = in[0];
                long[] axes = axesAsInput ? (in.length > 1 && in[1] != null ? Values.longs(in[1], node, "axes") : null)
                        : attribute;
                if (axes == null || axes.length == 0) {
                    if (noopWhenEmpty) {
                        return new Tensor[] {x};
                    }
                    axes = new long[x.dim()];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = i;
                    }
                }
                if (x.dim() == 0) {
                    return new Tensor[] {x};
                }
                int[] dims = Values.axes(axes, x.dim(), node);
                Arrays.sort(dims);
                return new Tensor[] {f.apply(x, dims, keepdims)};
            };
        });
    }

    private static Kernel argReduce(OnnxNode node, boolean max) {
        long axis = node.getInt("axis", 0);
        boolean keepdims = node.getInt("keepdims", 1) != 0;
        node.requireIntIn("select_last_index", 0, 0);
        node.checkAllAttributesRead();
        return (in, mode) -> {
            int a = Values.axis(axis, in[0].dim(), node);
            return new Tensor[] {max ? in[0].argmax(a, keepdims) : in[0].argmin(a, keepdims)};
        };
    }
}
