package dev.kiln.onnx.ops;

import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Activations: Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Sigmoid, Tanh, Softplus, Softsign,
 * HardSigmoid, HardSwish, Gelu, Mish, ThresholdedRelu, Shrink, Clip, Softmax and LogSoftmax, each with the
 * attribute defaults of the ONNX specification.
 */
final class ActivationOps {
    /** ONNX's default Selu α (the float nearest 1.6732632423543772). */
    static final double SELU_ALPHA = 1.67326319217681884765625;
    /** ONNX's default Selu γ (the float nearest 1.0507009873554805). */
    static final double SELU_GAMMA = 1.05070102214813232421875;

    private ActivationOps() {
    }

    static void register(Map<String, Operator> ops) {
        simple(ops, "Relu", Activations::relu);
        simple(ops, "Sigmoid", Activations::sigmoid);
        simple(ops, "Tanh", Activations::tanh);
        simple(ops, "Softsign", Activations::softsign);
        simple(ops, "HardSwish", Activations::hardswish);
        simple(ops, "Mish", Activations::mish);
        // ONNX Softplus is log(1 + eˣ) exactly; Kiln's threshold 20 returns x beyond it, off by < 3e-9.
        simple(ops, "Softplus", Activations::softplus);
        ops.put("LeakyRelu", node -> {
            double alpha = node.getFloat("alpha", 0.01);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Activations.leakyRelu(in[0], alpha)};
        });
        ops.put("PRelu", node -> {
            node.checkAllAttributesRead();
            // max(0, x) + slope·min(0, x), the slope broadcast against x
            return (in, mode) -> new Tensor[] {in[0].clampMin(0).add(in[0].clampMax(0).mul(in[1]))};
        });
        ops.put("Elu", node -> {
            double alpha = node.getFloat("alpha", 1.0);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Activations.elu(in[0], alpha)};
        });
        ops.put("Selu", node -> {
            double alpha = node.getFloat("alpha", SELU_ALPHA);
            double gamma = node.getFloat("gamma", SELU_GAMMA);
            node.checkAllAttributesRead();
            // γ·(x if x > 0 else α·(eˣ − 1))
            return (in, mode) -> new Tensor[] {Activations.elu(in[0], alpha).mul(gamma)};
        });
        ops.put("Celu", node -> {
            double alpha = node.getFloat("alpha", 1.0);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Activations.celu(in[0], alpha)};
        });
        ops.put("HardSigmoid", node -> {
            double alpha = node.getFloat("alpha", 0.2);
            double beta = node.getFloat("beta", 0.5);
            node.checkAllAttributesRead();
            // max(0, min(1, α·x + β))
            return (in, mode) -> new Tensor[] {in[0].mul(alpha).add(beta).clamp(0, 1)};
        });
        ops.put("ThresholdedRelu", node -> {
            double alpha = node.getFloat("alpha", 1.0);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Activations.threshold(in[0], alpha, 0)};
        });
        ops.put("Gelu", node -> {
            String name = node.getString("approximate", "none");
            if (!name.equals("none") && !name.equals("tanh")) {
                throw node.unsupported("attribute approximate='" + name + "'");
            }
            GELU.Approximation approximate = GELU.Approximation.parse(name);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Activations.gelu(in[0], approximate)};
        });
        ops.put("Shrink", node -> {
            double bias = node.getFloat("bias", 0);
            double lambd = node.getFloat("lambd", 0.5);
            node.checkAllAttributesRead();
            // x + bias below −λ, x − bias above λ, 0 between (PyTorch's Hardshrink and Softshrink)
            return (in, mode) -> {
                Tensor x = in[0];
                Tensor zero = x.zerosLike();
                return new Tensor[] {Tensor.where(x.lt(-lambd), x.add(bias), Tensor.where(x.gt(lambd), x.sub(bias), zero))};
            };
        });
        ops.put("Clip", ActivationOps::clip);
        ops.put("Softmax", node -> softmax(node, Softmax::softmax));
        ops.put("LogSoftmax", node -> softmax(node, Softmax::logSoftmax));
    }

    private static Kernel clip(OnnxNode node) {
        if (node.opset() < 11) {
            double min = node.getFloat("min", Double.NEGATIVE_INFINITY);
            double max = node.getFloat("max", Double.POSITIVE_INFINITY);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].clamp(min, max)};
        }
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Double min = in.length > 1 && in[1] != null ? Values.scalar(in[1], node, "min") : null;
            Double max = in.length > 2 && in[2] != null ? Values.scalar(in[2], node, "max") : null;
            return new Tensor[] {min == null && max == null ? in[0] : in[0].clamp(min, max)};
        };
    }

    /**
     * Softmax over {@code axis} (opset 13 on, default −1); before opset 13 the input is seen as a
     * matrix split at {@code axis} (default 1) and normalised over its second dimension.
     */
    private static Kernel softmax(OnnxNode node, java.util.function.BiFunction<Tensor, Integer, Tensor> f) {
        boolean coerce = node.opset() < 13;
        long axis = node.getInt("axis", coerce ? 1 : -1);
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            int rank = x.dim();
            int a = Values.axis(axis, Math.max(rank, 1), node);
            if (!coerce || a == rank - 1) {
                return new Tensor[] {f.apply(x, a)};
            }
            int[] shape = x.shape();
            Tensor matrix = x.reshape(Values.product(shape, 0, a), Values.product(shape, a, rank));
            return new Tensor[] {f.apply(matrix, 1).reshape(shape)};
        };
    }

    private static void simple(Map<String, Operator> ops, String name, UnaryOperator<Tensor> f) {
        ops.put(name, node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {f.apply(in[0])};
        });
    }
}
