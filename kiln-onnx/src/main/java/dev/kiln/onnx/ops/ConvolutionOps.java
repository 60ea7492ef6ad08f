package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Conv and ConvTranspose over one or two spatial dimensions (inputs (N, C, L) or (N, C, H, W)),
 * with groups, dilations, explicit (also asymmetric) pads and every {@code auto_pad} mode. A 1-D
 * convolution runs as a 2-D one over a height of 1.
 */
final class ConvolutionOps {
    private ConvolutionOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("Conv", ConvolutionOps::conv);
        ops.put("ConvTranspose", ConvolutionOps::convTranspose);
    }

    private static Kernel conv(OnnxNode node) {
        Window window = Window.read(node, true, 2);
        int groups = Math.toIntExact(node.getInt("group", 1));
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            Tensor weight = in[1];
            Tensor bias = in.length > 2 ? in[2] : null;
            int spatial = spatialRank(node, x, weight);
            Window w = window.resolve(spatial, node);
            int[] kernel = Window.spatialSize(weight.shape());
            checkKernel(node, w, kernel);
            int[] pads = w.padsFor(Window.spatialSize(x.shape()), kernel);
            if (spatial == 1) {
                x = x.unsqueeze(2);
                weight = weight.unsqueeze(2);
                w = new Window(null, new int[] {1, w.strides()[0]}, new int[] {1, w.dilations()[0]}, null, "NOTSET");
                pads = new int[] {0, pads[0], 0, pads[1]};
            }
            int[] padding = Window.begins(pads);
            if (!Window.symmetric(pads)) {
                x = Layers.pad(x, Window.kilnPadList(pads));
                padding = new int[2];
            }
            Tensor y = Convolution.conv2d(x, weight, bias, w.strides(), padding, w.dilations(), groups);
            return new Tensor[] {spatial == 1 ? y.squeeze(2) : y};
        };
    }

    private static Kernel convTranspose(OnnxNode node) {
        Window window = Window.read(node, true, 2);
        int groups = Math.toIntExact(node.getInt("group", 1));
        int[] outputPaddingAttribute = node.getIntArray("output_padding", null);
        if (node.has("output_shape")) {
            throw node.unsupported("attribute output_shape (give pads and output_padding instead)");
        }
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            Tensor weight = in[1];
            Tensor bias = in.length > 2 ? in[2] : null;
            int spatial = spatialRank(node, x, weight);
            Window w = window.resolve(spatial, node);
            int[] kernel = Window.spatialSize(weight.shape());
            checkKernel(node, w, kernel);
            int[] outputPadding = outputPaddingAttribute != null ? outputPaddingAttribute : new int[spatial];
            if (outputPadding.length != spatial) {
                throw node.error("output_padding should have " + spatial + " values, got " + outputPadding.length);
            }
            int[] pads = transposedPads(w, Window.spatialSize(x.shape()), kernel, outputPadding);
            int[] strides = w.strides();
            int[] dilations = w.dilations();
            if (spatial == 1) {
                x = x.unsqueeze(2);
                weight = weight.unsqueeze(2);
                strides = new int[] {1, strides[0]};
                dilations = new int[] {1, dilations[0]};
                outputPadding = new int[] {0, outputPadding[0]};
                pads = new int[] {0, pads[0], 0, pads[1]};
            }
            Tensor y;
            if (Window.symmetric(pads)) {
                y = Convolution.convTranspose2d(x, weight, bias, strides, Window.begins(pads), outputPadding, groups,
                        dilations);
            } else {
                // the full output, then the pads cropped from each side
                y = Convolution.convTranspose2d(x, weight, bias, strides, new int[2], outputPadding, groups, dilations);
                for (int i = 0; i < 2; i++) {
                    int size = y.size(2 + i) - pads[i] - pads[2 + i];
                    if (size <= 0) {
                        throw node.error("pads " + Arrays.toString(pads) + " leave an empty output");
                    }
                    y = y.narrow(2 + i, pads[i], size);
                }
            }
            return new Tensor[] {spatial == 1 ? y.squeeze(2) : y};
        };
    }

    /**
     * The pads of a transposed convolution. For SAME_* the output is input·stride, which takes a
     * total padding {@code s·(L − 1) + output_padding + (k − 1)·d + 1 − L·s}, split as the ONNX spec says:
     * {@code total/2} at the beginning for SAME_UPPER, at the end for SAME_LOWER.
     */
    private static int[] transposedPads(Window w, int[] size, int[] kernel, int[] outputPadding) {
        int n = size.length;
        return switch (w.autoPad()) {
            case "NOTSET" -> w.pads();
            case "VALID" -> new int[2 * n];
            default -> {
                int[] r = new int[2 * n];
                for (int i = 0; i < n; i++) {
                    int s = w.strides()[i];
                    int total = Math.max(0, s * (size[i] - 1) + outputPadding[i] + (kernel[i] - 1) * w.dilations()[i] + 1
                            - size[i] * s);
                    int half = total / 2;
                    r[i] = w.autoPad().equals("SAME_UPPER") ? half : total - half;
                    r[n + i] = total - r[i];
                }
                yield r;
            }
        };
    }

    private static int spatialRank(OnnxNode node, Tensor x, Tensor weight) {
        int spatial = x.dim() - 2;
        if (spatial < 1 || spatial > 2 || weight.dim() != x.dim()) {
            throw node.error("expected input (N, C, L) or (N, C, H, W) and a weight of the same rank, got "
                    + Arrays.toString(x.shape()) + " and " + Arrays.toString(weight.shape()));
        }
        return spatial;
    }

    private static void checkKernel(OnnxNode node, Window w, int[] kernel) {
        if (w.kernel() != null && !Arrays.equals(w.kernel(), kernel)) {
            throw node.error("kernel_shape " + Arrays.toString(w.kernel()) + " does not match the weight's "
                    + Arrays.toString(kernel));
        }
    }
}
