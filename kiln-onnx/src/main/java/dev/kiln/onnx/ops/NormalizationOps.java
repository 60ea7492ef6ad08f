package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * BatchNormalization, InstanceNormalization, LayerNormalization, GroupNormalization and LRN.
 *
 * <p>BatchNormalization runs with its running statistics in inference mode and, in training mode,
 * with the batch statistics while updating the running ones in place (ONNX's momentum m is
 * PyTorch's 1 − m).
 */
final class NormalizationOps {
    private NormalizationOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("BatchNormalization", NormalizationOps::batchNormalization);
        ops.put("InstanceNormalization", node -> {
            double eps = node.getFloat("epsilon", 1e-5);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Normalization.instanceNorm(in[0], in[1], in[2], eps)};
        });
        ops.put("LayerNormalization", NormalizationOps::layerNormalization);
        ops.put("GroupNormalization", NormalizationOps::groupNormalization);
        ops.put("LRN", NormalizationOps::localResponseNormalization);
    }

    private static Kernel batchNormalization(OnnxNode node) {
        double eps = node.getFloat("epsilon", 1e-5);
        double momentum = node.getFloat("momentum", 0.9);
        if (node.opset() < 9) {
            node.requireIntIn("spatial", 1, 1);
        }
        node.requireIntIn("training_mode", 0, 0);
        node.requireOutputsAtMost(1, "training statistics");
        node.checkAllAttributesRead();
        return (in, mode) -> new Tensor[] {Normalization.batchNorm(in[0], in[3], in[4], in[1], in[2],
                mode == ExecutionMode.TRAINING, 1 - momentum, eps)};
    }

    /** Normalises over the dimensions from {@code axis} on, then scales and shifts (broadcast). */
    private static Kernel layerNormalization(OnnxNode node) {
        long axis = node.getInt("axis", -1);
        double eps = node.getFloat("epsilon", 1e-5);
        node.getInt("stash_type", 1);
        node.requireOutputsAtMost(1, "Mean and InvStdDev");
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            Tensor scale = in[1];
            Tensor bias = in.length > 2 ? in[2] : null;
            int a = Values.axis(axis, x.dim(), node);
            int[] normalized = Arrays.copyOfRange(x.shape(), a, x.dim());
            if (Arrays.equals(scale.shape(), normalized) && (bias == null || Arrays.equals(bias.shape(), normalized))) {
                return new Tensor[] {Normalization.layerNorm(x, normalized, scale, bias, eps)};
            }
            Tensor y = Normalization.layerNorm(x, normalized, null, null, eps).mul(scale);
            return new Tensor[] {bias == null ? y : y.add(bias)};
        };
    }

    /**
     * Group normalisation. The scale and bias hold one value per channel (opset 21) or, in the
     * opset-18 form, one per group, which is repeated over the group's channels.
     */
    private static Kernel groupNormalization(OnnxNode node) {
        if (!node.has("num_groups")) {
            throw node.error("attribute num_groups is required");
        }
        int groups = Math.toIntExact(node.getInt("num_groups", 1));
        double eps = node.getFloat("epsilon", 1e-5);
        node.getInt("stash_type", 1);
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            int c = x.size(1);
            Tensor scale = perChannel(node, in[1], c, groups);
            Tensor bias = perChannel(node, in[2], c, groups);
            return new Tensor[] {Normalization.groupNorm(x, groups, scale, bias, eps)};
        };
    }

    private static Tensor perChannel(OnnxNode node, Tensor t, int channels, int groups) {
        if (t.numel() == channels) {
            return t.reshape(channels);
        }
        if (t.numel() == groups && channels % groups == 0) {
            return t.reshape(groups, 1).expand(groups, channels / groups).reshape(channels);
        }
        throw node.error("scale/bias of shape " + Arrays.toString(t.shape()) + " fit neither " + channels
                + " channels nor " + groups + " groups");
    }

    /**
     * {@code y = x / (bias + α/size · Σ x²)^β}, the sum over channels
     * {@code [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉]} (ONNX's window, which for even sizes differs from
     * PyTorch's by one channel).
     */
    private static Kernel localResponseNormalization(OnnxNode node) {
        if (!node.has("size")) {
            throw node.error("attribute size is required");
        }
        int size = Math.toIntExact(node.getInt("size", 1));
        double alpha = node.getFloat("alpha", 1e-4);
        double beta = node.getFloat("beta", 0.75);
        double bias = node.getFloat("bias", 1.0);
        node.checkAllAttributesRead();
        if (size < 1) {
            throw node.error("size must be positive, got " + size);
        }
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        return (in, mode) -> {
            Tensor x = in[0];
            if (x.dim() < 3) {
                throw node.error("expected an input (N, C, …), got shape " + Arrays.toString(x.shape()));
            }
            int c = x.size(1);
            // move channels last, pad them, and add the size shifted copies
            Tensor squares = x.square().transpose(1, x.dim() - 1);
            Tensor padded = Layers.pad(squares, before, after);
            Tensor sum = padded.narrow(x.dim() - 1, 0, c);
            for (int j = 1; j < size; j++) {
                sum = sum.add(padded.narrow(x.dim() - 1, j, c));
            }
            Tensor denominator = sum.transpose(1, x.dim() - 1).mul(alpha / size).add(bias).pow(beta);
            return new Tensor[] {x.div(denominator)};
        };
    }
}
