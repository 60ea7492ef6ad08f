package dev.kiln.onnx;

import static dev.kiln.onnx.GraphBuilder.attr;

import dev.kiln.autograd.TracedOp;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Layer, group and local response normalisation as ONNX: the native operators where the opset has
 * them (LayerNormalization from 17; GroupNormalization from 21, the first version whose scale and
 * bias are per channel, as Kiln's; LRN for odd window sizes), their decompositions otherwise.
 */
final class NormalizationConverter {
    private NormalizationConverter() {
    }

    /**
     * y = (x − E[x]) / √(Var[x] + ε) · γ + β over the last k dimensions (k = the normalised shape's
     * rank), the variance biased.
     */
    static void layerNorm(GraphBuilder g, TracedOp op, List<String> in, String out) {
        int[] normalized = op.intsAttribute("shape");
        double eps = op.doubleAttribute("eps");
        int rank = op.input(0).dim();
        DType t = op.input(0).dtype();
        String x = in.get(0);
        String weight = in.get(1);
        String bias = in.get(2);
        if (g.opset() >= 17) {
            String scale = weight.isEmpty() ? g.constant(Tensor.ones(t, normalized)) : weight;
            List<String> inputs = bias.isEmpty() ? List.of(x, scale) : List.of(x, scale, bias);
            g.node("LayerNormalization", inputs, out, attr("axis", rank - normalized.length), attr("epsilon", eps));
            return;
        }
        int[] axes = new int[normalized.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = rank - normalized.length + i;
        }
        String y = standardise(g, x, axes, eps, t);
        finish(g, y, weight, bias, out);
    }

    /**
     * Group normalisation: the channels split into G groups, each standardised over its channels
     * and positions, then a per-channel γ and β.
     */
    static void groupNorm(GraphBuilder g, TracedOp op, List<String> in, String out) {
        int groups = op.intAttribute("groups");
        double eps = op.doubleAttribute("eps");
        Tensor input = op.input(0);
        DType t = input.dtype();
        int c = input.size(1);
        String x = in.get(0);
        String weight = in.get(1);
        String bias = in.get(2);
        if (g.opset() >= 21) {
            String scale = weight.isEmpty() ? g.constant(Tensor.ones(t, c)) : weight;
            String shift = bias.isEmpty() ? g.constant(Tensor.zeros(t, c)) : bias;
            g.node("GroupNormalization", List.of(x, scale, shift), out, attr("num_groups", groups), attr("epsilon", eps));
            return;
        }
        // (N, C, …) → (N, G, C/G·…), standardised per (sample, group) by InstanceNormalization, and back
        String grouped = g.node("Reshape", List.of(x, g.ints(0, groups, -1)));
        String normalised = g.node("InstanceNormalization", List.of(grouped, g.constant(Tensor.ones(t, groups)),
                g.constant(Tensor.zeros(t, groups))), attr("epsilon", eps));
        long[] back = Arrays.stream(input.shape()).asLongStream().toArray();
        back[0] = 0;
        String y = g.node("Reshape", List.of(normalised, g.ints(back)));
        long[] channel = new long[input.dim() - 1];
        Arrays.fill(channel, 1);
        channel[0] = c;
        String w = weight.isEmpty() ? "" : g.node("Reshape", List.of(weight, g.ints(channel)));
        String b = bias.isEmpty() ? "" : g.node("Reshape", List.of(bias, g.ints(channel)));
        finish(g, y, w, b, out);
    }

    /**
     * Local response normalisation, y = x / (k + α·mean(x² over a window of {@code size} channels))^β
     * with the window from c − ⌊size/2⌋ to c + ⌊(size−1)/2⌋ (PyTorch's). ONNX's LRN centres the
     * window the same way only for odd sizes; an even size is written as its decomposition: x²
     * with a unit axis in front of the channels, zero-padded along them, averaged by a
     * (size × 1 × …) AveragePool, then scaled, raised and divided.
     */
    static void localResponseNorm(GraphBuilder g, TracedOp op, List<String> in, String out) {
        int size = op.intAttribute("size");
        double alpha = op.doubleAttribute("alpha");
        double beta = op.doubleAttribute("beta");
        double k = op.doubleAttribute("k");
        String x = in.get(0);
        if (size % 2 == 1) {
            g.node("LRN", List.of(x), out, attr("size", size), attr("alpha", alpha), attr("beta", beta), attr("bias", k));
            return;
        }
        DType t = op.input(0).dtype();
        int rank = op.input(0).dim() + 1;
        long[] pads = new long[2 * rank];
        pads[2] = size / 2;
        pads[rank + 2] = (size - 1) / 2;
        String squares = g.node("Unsqueeze", List.of(g.node("Mul", List.of(x, x)), g.ints(1)));
        String padded = g.node("Pad", List.of(squares, g.ints(pads)), attr("mode", "constant"));
        int[] kernel = new int[rank - 2];
        Arrays.fill(kernel, 1);
        kernel[0] = size;
        String mean = g.node("Squeeze", List.of(g.node("AveragePool", List.of(padded), attr("kernel_shape", kernel)), g.ints(1)));
        String base = g.node("Add", List.of(g.node("Mul", List.of(mean, g.scalar(alpha, t))), g.scalar(k, t)));
        g.node("Div", List.of(x, g.node("Pow", List.of(base, g.scalar(beta, t)))), out);
    }

    /** (x − mean) / √(var + ε) over {@code axes}, as ReduceMean, Sub, Mul, Add, Sqrt, Div. */
    private static String standardise(GraphBuilder g, String x, int[] axes, double eps, DType t) {
        String mean = reduceMean(g, x, axes);
        String centred = g.node("Sub", List.of(x, mean));
        String var = reduceMean(g, g.node("Mul", List.of(centred, centred)), axes);
        return g.node("Div", List.of(centred, g.node("Sqrt", List.of(g.node("Add", List.of(var, g.scalar(eps, t)))))));
    }

    private static String reduceMean(GraphBuilder g, String x, int[] axes) {
        if (g.opset() >= 18) {
            return g.node("ReduceMean", List.of(x, g.ints(axes)), attr("keepdims", 1));
        }
        return g.node("ReduceMean", List.of(x), attr("axes", axes), attr("keepdims", 1));
    }

    /** y·weight + bias into {@code out}, skipping an absent ("") weight or bias. */
    private static void finish(GraphBuilder g, String y, String weight, String bias, String out) {
        if (weight.isEmpty() && bias.isEmpty()) {
            g.node("Identity", List.of(y), out);
        } else if (bias.isEmpty()) {
            g.node("Mul", List.of(y, weight), out);
        } else if (weight.isEmpty()) {
            g.node("Add", List.of(y, bias), out);
        } else {
            g.node("Add", List.of(g.node("Mul", List.of(y, weight)), bias), out);
        }
    }
}
