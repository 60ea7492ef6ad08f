package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool. One and two spatial dimensions use
 * Kiln's pooling kernels; more (PyTorch's LocalResponseNorm export pools in 3-D) use
 * {@link WindowPooling}.
 *
 * <p>Pads that Kiln's pooling takes directly (symmetric, at most half the kernel) go to it; other
 * pads are applied first: −∞ for max pooling, zeros for average pooling counting the pad, and for
 * average pooling that excludes the pad, the window sums of the zero-padded input divided by those
 * of a zero-padded mask of ones.
 */
final class PoolingOps {
    private PoolingOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("MaxPool", PoolingOps::maxPool);
        ops.put("AveragePool", PoolingOps::averagePool);
        ops.put("GlobalAveragePool", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].mean(spatialDims(node, in[0]), true)};
        });
        ops.put("GlobalMaxPool", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].amax(spatialDims(node, in[0]), true)};
        });
    }

    private static Kernel maxPool(OnnxNode node) {
        Window window = Window.read(node, node.opset() >= 10, Integer.MAX_VALUE);
        if (window.kernel() == null) {
            throw node.error("attribute kernel_shape is required");
        }
        boolean ceil = node.getInt("ceil_mode", 0) != 0;
        node.requireIntIn("storage_order", 0, 0);
        node.requireOutputsAtMost(1, "Indices");
        node.checkAllAttributesRead();
        int spatial = window.kernel().length;
        Window w = window.resolve(spatial, node);
        if (spatial > 2 && ceil) {
            throw node.unsupported("ceil_mode=1 with a " + spatial + "-D window");
        }
        return (in, mode) -> {
            Tensor x = checkRank(node, in[0], spatial);
            int[] pads = w.padsFor(Window.spatialSize(x.shape()), w.kernel());
            if (spatial > 2) {
                return new Tensor[] {WindowPooling.max(x, w.kernel(), w.strides(), w.dilations(), pads)};
            }
            Plan p = Plan.of(w, pads, spatial);
            if (spatial == 1) {
                x = x.unsqueeze(2);
            }
            if (!p.direct()) {
                x = Layers.pad(x, Window.kilnPadList(p.pads()), Layers.PadMode.CONSTANT, Double.NEGATIVE_INFINITY);
            }
            Tensor y = Pooling.maxPool2d(x, p.kernel(), p.strides(), p.direct() ? Window.begins(p.pads()) : new int[2],
                    p.dilations(), ceil);
            return new Tensor[] {spatial == 1 ? y.squeeze(2) : y};
        };
    }

    private static Kernel averagePool(OnnxNode node) {
        Window window = Window.read(node, node.opset() >= 19, Integer.MAX_VALUE);
        if (window.kernel() == null) {
            throw node.error("attribute kernel_shape is required");
        }
        boolean ceil = node.getInt("ceil_mode", 0) != 0;
        boolean countIncludePad = node.getInt("count_include_pad", 0) != 0;
        node.checkAllAttributesRead();
        int spatial = window.kernel().length;
        Window w = window.resolve(spatial, node);
        for (int d : w.dilations()) {
            if (d != 1) {
                throw node.unsupported("attribute dilations (average pooling with dilation)");
            }
        }
        if (spatial > 2 && ceil) {
            throw node.unsupported("ceil_mode=1 with a " + spatial + "-D window");
        }
        return (in, mode) -> {
            Tensor x = checkRank(node, in[0], spatial);
            int[] pads = w.padsFor(Window.spatialSize(x.shape()), w.kernel());
            if (spatial > 2) {
                return new Tensor[] {WindowPooling.average(x, w.kernel(), w.strides(), pads, countIncludePad)};
            }
            Plan p = Plan.of(w, pads, spatial);
            if (spatial == 1) {
                x = x.unsqueeze(2);
            }
            Tensor y;
            if (p.direct()) {
                y = Pooling.avgPool2d(x, p.kernel(), p.strides(), Window.begins(p.pads()), ceil, countIncludePad, null);
            } else {
                int[] padList = Window.kilnPadList(p.pads());
                Tensor padded = Layers.pad(x, padList);
                y = Pooling.avgPool2d(padded, p.kernel(), p.strides(), new int[2], ceil, true, null);
                if (!countIncludePad) {
                    int[] one = x.shape().clone();
                    one[0] = 1;
                    one[1] = 1;
                    Tensor mask = Layers.pad(Tensor.ones(x.dtype(), one), padList);
                    y = y.div(Pooling.avgPool2d(mask, p.kernel(), p.strides(), new int[2], ceil, true, null));
                }
            }
            return new Tensor[] {spatial == 1 ? y.squeeze(2) : y};
        };
    }

    /**
     * The 2-D pooling parameters (a 1-D window becomes a 1 × k one) and whether Kiln's pooling takes
     * the pads directly.
     */
    private record Plan(int[] kernel, int[] strides, int[] dilations, int[] pads, boolean direct) {
        static Plan of(Window w, int[] pads, int spatial) {
            int[] k = w.kernel();
            int[] s = w.strides();
            int[] d = w.dilations();
            int[] p = pads;
            if (spatial == 1) {
                k = new int[] {1, k[0]};
                s = new int[] {1, s[0]};
                d = new int[] {1, d[0]};
                p = new int[] {0, pads[0], 0, pads[1]};
            }
            boolean direct = Window.symmetric(p) && p[0] <= k[0] / 2 && p[1] <= k[1] / 2;
            return new Plan(k, s, d, p, direct);
        }
    }

    private static Tensor checkRank(OnnxNode node, Tensor x, int spatial) {
        if (x.dim() != spatial + 2) {
            throw node.error("expected an input with " + spatial + " spatial dimension(s), (N, C, …), got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x;
    }

    private static int[] spatialDims(OnnxNode node, Tensor x) {
        if (x.dim() < 3) {
            throw node.error("expected an input (N, C, spatial…), got shape " + java.util.Arrays.toString(x.shape()));
        }
        int[] dims = new int[x.dim() - 2];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 2;
        }
        return dims;
    }
}
