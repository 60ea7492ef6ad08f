package dev.kiln.onnx;

import static dev.kiln.onnx.GraphBuilder.attr;

import dev.kiln.autograd.TracedOp;
import dev.kiln.tensor.DType;
import java.util.List;

/**
 * Writes Kiln's activations as ONNX: the native operator where ONNX has one at the chosen opset,
 * otherwise its decomposition:
 * <ul>
 *   <li>SiLU: x·σ(x); LogSigmoid: −softplus(−x); Tanhshrink: x − tanh(x);</li>
 *   <li>Mish (native from opset 18): x·tanh(softplus(x)); GELU (native from opset 20):
 *       x·½(1 + erf(x/√2)) or, tanh-approximated, ½x(1 + tanh(√(2/π)(x + 0.044715x³)));</li>
 *   <li>HardSwish before opset 14: x·hardsigmoid(x); Hardshrink: where(|x| &gt; λ, x, 0);
 *       Softshrink: x − clip(x, −λ, λ) (both exact; written without ONNX's Shrink so that every
 *       runtime, Kiln's importer included, reads them); Threshold: where(x &gt; t, x, v);
 *       Hardtanh and ReLU6: Clip;</li>
 *   <li>Softplus with β ≠ 1 or a threshold below 20: where(βx &gt; t, x, softplus(βx)/β);</li>
 *   <li>CReLU: concat(relu(x), relu(−x)) along the channels; Maxout: a reshape that splits the
 *       channels into (groups, pool) and a ReduceMax over the pool;</li>
 *   <li>PReLU: PRelu with the slope shaped (C, 1, …) to broadcast over the channels.</li>
 * </ul>
 * RReLU in evaluation is a leaky ReLU with the mean slope (the trace records it so); Softmin is
 * softmax(−x) and GLU a product of two slices, recorded as such.
 */
final class ActivationConverter {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private final GraphBuilder g;

    ActivationConverter(GraphBuilder g) {
        this.g = g;
    }

    /** Writes {@code op} if it is an activation; false if it is not one. */
    boolean convert(TracedOp op, List<String> in, String out) {
        String x = in.get(0);
        DType t = op.input(0).dtype();
        int opset = g.opset();
        switch (op.name()) {
            case "relu" -> g.node("Relu", List.of(x), out);
            case "sigmoid" -> g.node("Sigmoid", List.of(x), out);
            case "tanh" -> g.node("Tanh", List.of(x), out);
            case "hardtanh" -> g.node("Clip", List.of(x, g.scalar(op.doubleAttribute("min"), t), g.scalar(op.doubleAttribute("max"), t)), out);
            case "leaky_relu" -> g.node("LeakyRelu", List.of(x), out, attr("alpha", op.doubleAttribute("slope")));
            case "elu" -> g.node("Elu", List.of(x), out, attr("alpha", op.doubleAttribute("alpha")));
            case "celu" -> g.node("Celu", List.of(x), out, attr("alpha", op.doubleAttribute("alpha")));
            case "selu" -> g.node("Selu", List.of(x), out, attr("alpha", dev.kiln.nn.functional.Activations.SELU_ALPHA),
                    attr("gamma", dev.kiln.nn.functional.Activations.SELU_SCALE));
            case "gelu" -> {
                if (opset >= 20) {
                    g.node("Gelu", List.of(x), out);
                } else {
                    String cdf = g.node("Add", List.of(g.scalar(1, t), g.node("Erf", List.of(g.node("Div", List.of(x, g.scalar(Math.sqrt(2), t)))))));
                    g.node("Mul", List.of(g.node("Mul", List.of(x, g.scalar(0.5, t))), cdf), out);
                }
            }
            case "gelu_tanh" -> {
                if (opset >= 20) {
                    g.node("Gelu", List.of(x), out, attr("approximate", "tanh"));
                } else {
                    String cube = g.node("Mul", List.of(g.node("Mul", List.of(x, x)), x));
                    String inner = g.node("Mul", List.of(g.node("Add", List.of(x, g.node("Mul", List.of(cube, g.scalar(0.044715, t))))),
                            g.scalar(SQRT_2_OVER_PI, t)));
                    String onePlus = g.node("Add", List.of(g.scalar(1, t), g.node("Tanh", List.of(inner))));
                    g.node("Mul", List.of(g.node("Mul", List.of(x, g.scalar(0.5, t))), onePlus), out);
                }
            }
            case "silu" -> g.node("Mul", List.of(x, g.node("Sigmoid", List.of(x))), out);
            case "mish" -> {
                if (opset >= 18) {
                    g.node("Mish", List.of(x), out);
                } else {
                    g.node("Mul", List.of(x, g.node("Tanh", List.of(g.node("Softplus", List.of(x))))), out);
                }
            }
            case "softplus" -> softplus(op, x, t, out);
            case "softsign" -> g.node("Softsign", List.of(x), out);
            case "hardsigmoid" -> g.node("HardSigmoid", List.of(x), out, attr("alpha", 1.0 / 6), attr("beta", 0.5));
            case "hardswish" -> {
                if (opset >= 14) {
                    g.node("HardSwish", List.of(x), out);
                } else {
                    g.node("Mul", List.of(x, g.node("HardSigmoid", List.of(x), attr("alpha", 1.0 / 6), attr("beta", 0.5))), out);
                }
            }
            case "log_sigmoid" -> g.node("Neg", List.of(g.node("Softplus", List.of(g.node("Neg", List.of(x))))), out);
            case "tanhshrink" -> g.node("Sub", List.of(x, g.node("Tanh", List.of(x))), out);
            case "hardshrink" -> {
                String outside = g.node("Greater", List.of(g.node("Abs", List.of(x)), g.scalar(op.doubleAttribute("lambda"), t)));
                g.node("Where", List.of(outside, x, g.scalar(0, t)), out);
            }
            case "softshrink" -> {
                double lambda = op.doubleAttribute("lambda");
                g.node("Sub", List.of(x, g.node("Clip", List.of(x, g.scalar(-lambda, t), g.scalar(lambda, t)))), out);
            }
            case "threshold" -> g.node("Where", List.of(g.node("Greater", List.of(x, g.scalar(op.doubleAttribute("threshold"), t))), x,
                    g.scalar(op.doubleAttribute("value"), t)), out);
            case "prelu" -> {
                int rank = op.input(0).dim();
                int c = op.input(1).numel();
                String slope = in.get(1);
                if (rank > 1 && c > 1) {
                    long[] shape = new long[rank - 1];
                    java.util.Arrays.fill(shape, 1);
                    shape[0] = c;
                    slope = g.node("Reshape", List.of(slope, g.ints(shape)));
                }
                g.node("PRelu", List.of(x, slope), out);
            }
            case "crelu" -> {
                int axis = op.input(0).dim() == 1 ? 0 : 1;
                g.node("Concat", List.of(g.node("Relu", List.of(x)), g.node("Relu", List.of(g.node("Neg", List.of(x))))), out,
                        attr("axis", axis));
            }
            case "maxout" -> {
                int pool = op.intAttribute("pool");
                int dim = op.intAttribute("dim");
                int[] shape = op.input(0).shape();
                long[] split = new long[shape.length + 1];
                for (int i = 0, j = 0; i < shape.length; i++) {
                    if (i == dim) {
                        split[j++] = shape[i] / pool;
                        split[j++] = pool;
                    } else {
                        split[j++] = i < dim ? 0 : shape[i];
                    }
                }
                String grouped = g.node("Reshape", List.of(x, g.ints(split)));
                if (opset >= 18) {
                    g.node("ReduceMax", List.of(grouped, g.ints(dim + 1)), out, attr("keepdims", 0));
                } else {
                    g.node("ReduceMax", List.of(grouped), out, attr("axes", new int[] {dim + 1}), attr("keepdims", 0));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void softplus(TracedOp op, String x, DType t, String out) {
        double beta = op.doubleAttribute("beta");
        double threshold = op.doubleAttribute("threshold");
        if (beta == 1 && threshold >= 20) {
            // above the threshold softplus(x) and x agree to float precision (e^-20 ≈ 2e-9)
            g.node("Softplus", List.of(x), out);
            return;
        }
        String bx = g.node("Mul", List.of(x, g.scalar(beta, t)));
        String soft = g.node("Div", List.of(g.node("Softplus", List.of(bx)), g.scalar(beta, t)));
        g.node("Where", List.of(g.node("Greater", List.of(bx, g.scalar(threshold, t))), x, soft), out);
    }
}
