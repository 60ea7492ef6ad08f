package dev.kiln.onnx;

import static dev.kiln.onnx.GraphBuilder.attr;

import dev.kiln.autograd.TracedOp;
import dev.kiln.onnx.proto.OnnxProto.AttributeProto;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one traced Kiln operation as ONNX nodes. Layers and shape operations are here; the
 * activations, several of which ONNX only has as a decomposition, are in {@link ActivationConverter}.
 *
 * <p>Shapes recorded by the trace are concrete. Each operation comes with its counterpart in the
 * exporter's second trace (another batch size when the batch is dynamic); a target dimension that
 * differs between the two follows the batch. A reshape writes such a dimension as 0 (ONNX: copy
 * the input's) when the input has it at the same place, else as −1 (infer; one at most); an expand
 * writes 1 (ONNX's Expand broadcasts) where the input has it. Anything else stays as traced, and
 * the exporter's comparison of the two graphs then refuses a dynamic batch.
 */
final class OpConverter {
    private final GraphBuilder g;
    private final ActivationConverter activations;

    OpConverter(GraphBuilder g) {
        this.g = g;
        this.activations = new ActivationConverter(g);
    }

    /**
     * Writes {@code op}, whose inputs are the values {@code in} ("" for an absent one), to the value
     * {@code out}; {@code counterpart} is the same operation in the other trace.
     */
    void convert(TracedOp op, TracedOp counterpart, List<String> in, String out) {
        String x = in.get(0);
        int rank = op.input(0).dim();
        switch (op.name()) {
            // ------------------------------------------------------------ element-wise arithmetic
            case "add" -> {
                double alpha = op.doubleAttribute("alpha");
                String b = operand(op, in, 1);
                if (alpha == 1) {
                    g.node("Add", List.of(operand(op, in, 0), b), out);
                } else if (alpha == -1) {
                    g.node("Sub", List.of(operand(op, in, 0), b), out);
                } else {
                    String scaled = g.node("Mul", List.of(b, g.scalar(alpha, op.output().dtype())));
                    g.node("Add", List.of(operand(op, in, 0), scaled), out);
                }
            }
            case "mul" -> binary("Mul", op, in, out);
            case "div" -> binary("Div", op, in, out);
            case "pow" -> g.node("Pow", List.of(operand(op, in, 0), in.get(1)), out);
            case "maximum" -> binary("Max", op, in, out);
            case "minimum" -> binary("Min", op, in, out);
            case "affine" -> {
                double scale = op.doubleAttribute("scale");
                double shift = op.doubleAttribute("shift");
                DType t = op.output().dtype();
                String v = operand(op, in, 0);
                if (scale == 1 && shift == 0) {
                    g.node("Identity", List.of(v), out);
                } else if (shift == 0) {
                    g.node(scale == -1 ? "Neg" : "Mul", scale == -1 ? List.of(v) : List.of(v, g.scalar(scale, t)), out);
                } else if (scale == 1) {
                    g.node("Add", List.of(v, g.scalar(shift, t)), out);
                } else {
                    g.node("Add", List.of(g.node("Mul", List.of(v, g.scalar(scale, t))), g.scalar(shift, t)), out);
                }
            }
            case "pow_scalar" -> g.node("Pow", List.of(x, g.scalar(op.doubleAttribute("exponent"), op.output().dtype())), out);
            case "clamp" -> {
                double lo = op.doubleAttribute("min");
                double hi = op.doubleAttribute("max");
                DType t = op.input(0).dtype();
                g.node("Clip", List.of(x, Double.isInfinite(lo) ? "" : g.scalar(lo, t), Double.isInfinite(hi) ? "" : g.scalar(hi, t)), out);
            }
            case "neg" -> g.node("Neg", List.of(x), out);
            case "abs" -> g.node("Abs", List.of(x), out);
            case "sign" -> g.node("Sign", List.of(x), out);
            case "exp" -> g.node("Exp", List.of(x), out);
            case "log" -> g.node("Log", List.of(x), out);
            case "log1p" -> g.node("Log", List.of(g.node("Add", List.of(x, g.scalar(1, op.input(0).dtype())))), out);
            case "expm1" -> g.node("Sub", List.of(g.node("Exp", List.of(x)), g.scalar(1, op.input(0).dtype())), out);
            case "sqrt" -> g.node("Sqrt", List.of(x), out);
            case "rsqrt" -> g.node("Reciprocal", List.of(g.node("Sqrt", List.of(x))), out);
            case "square" -> g.node("Mul", List.of(x, x), out);
            case "reciprocal" -> g.node("Reciprocal", List.of(x), out);
            case "sin" -> g.node("Sin", List.of(x), out);
            case "cos" -> g.node("Cos", List.of(x), out);
            case "erf" -> g.node("Erf", List.of(x), out);
            case "floor" -> g.node("Floor", List.of(x), out);
            case "ceil" -> g.node("Ceil", List.of(x), out);
            case "gt", "ge", "lt", "le", "eq", "ne" -> compare(op, in, out);
            case "where" -> g.node("Where", List.of(in.get(0), operand(op, in, 1), operand(op, in, 2)), out);
            case "cast" -> g.node("Cast", List.of(x), out,
                    attr("to", GraphBuilder.dataType(op.output().dtype()).getNumber()));
            case "identity" -> g.node("Identity", List.of(x), out);

            // ------------------------------------------------------------ shape
            case "reshape" -> g.node("Reshape", List.of(x, g.ints(reshapeTarget(op, counterpart))), out);
            case "flatten" -> flatten(op, x, out);
            case "transpose" -> {
                int[] perm = identityPermutation(rank);
                int d0 = op.intAttribute("dim0");
                int d1 = op.intAttribute("dim1");
                perm[d0] = d1;
                perm[d1] = d0;
                g.node("Transpose", List.of(x), out, attr("perm", perm));
            }
            case "permute" -> g.node("Transpose", List.of(x), out, attr("perm", op.intsAttribute("dims")));
            case "expand" -> g.node("Expand", List.of(x, g.ints(expandTarget(op, counterpart))), out);
            case "slice" -> {
                int dim = op.intAttribute("dim");
                int start = op.intAttribute("start");
                int length = op.intAttribute("length");
                int step = op.intAttribute("step");
                int end = length == 0 ? start : start + (length - 1) * step + 1;
                g.node("Slice", List.of(x, g.ints(start), g.ints(end), g.ints(dim), g.ints(step)), out);
            }
            case "select" -> g.node("Gather", List.of(x, g.constant(Tensor.scalar(DType.INT64, op.intAttribute("index")))), out,
                    attr("axis", op.intAttribute("dim")));
            case "cat" -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < in.size(); i++) {
                    if (op.input(i).numel() > 0 || op.input(i).dim() == op.output().dim()) {
                        parts.add(operand(op, in, i));
                    }
                }
                g.node("Concat", parts, out, attr("axis", op.intAttribute("dim")));
            }
            case "stack" -> {
                int dim = op.intAttribute("dim");
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < in.size(); i++) {
                    parts.add(g.node("Unsqueeze", List.of(operand(op, in, i), g.ints(dim))));
                }
                g.node("Concat", parts, out, attr("axis", dim));
            }
            case "pad" -> pad(op, x, out);

            // ------------------------------------------------------------ reductions
            case "sum" -> reduce("ReduceSum", op, x, out);
            case "mean" -> reduce("ReduceMean", op, x, out);
            case "amax" -> reduce("ReduceMax", op, x, out);
            case "amin" -> reduce("ReduceMin", op, x, out);
            case "softmax" -> g.node("Softmax", List.of(x), out, attr("axis", op.intAttribute("dim")));
            case "log_softmax" -> g.node("LogSoftmax", List.of(x), out, attr("axis", op.intAttribute("dim")));

            // ------------------------------------------------------------ layers
            case "matmul" -> g.node("MatMul", List.of(x, in.get(1)), out);
            case "linear" -> linear(op, in, out);
            case "conv" -> g.node("Conv", convInputs(in), out, attr("strides", op.intsAttribute("stride")),
                    attr("pads", op.intsAttribute("pads")), attr("dilations", op.intsAttribute("dilation")),
                    attr("group", op.intAttribute("groups")), attr("kernel_shape", kernelShape(op.input(1))));
            case "conv_transpose" -> g.node("ConvTranspose", convInputs(in), out, attr("strides", op.intsAttribute("stride")),
                    attr("pads", op.intsAttribute("pads")), attr("dilations", op.intsAttribute("dilation")),
                    attr("group", op.intAttribute("groups")), attr("output_padding", op.intsAttribute("output_padding")),
                    attr("kernel_shape", kernelShape(op.input(1))));
            case "max_pool" -> g.node("MaxPool", List.of(x), out, attr("kernel_shape", op.intsAttribute("kernel")),
                    attr("strides", op.intsAttribute("stride")), attr("pads", op.intsAttribute("pads")),
                    attr("dilations", op.intsAttribute("dilation")), attr("ceil_mode", op.booleanAttribute("ceil_mode") ? 1 : 0));
            case "avg_pool" -> {
                if (op.attributes().containsKey("divisor_override")) {
                    throw unsupported(op, "divisor_override has no ONNX form");
                }
                g.node("AveragePool", List.of(x), out, attr("kernel_shape", op.intsAttribute("kernel")),
                        attr("strides", op.intsAttribute("stride")), attr("pads", op.intsAttribute("pads")),
                        attr("ceil_mode", op.booleanAttribute("ceil_mode") ? 1 : 0),
                        attr("count_include_pad", op.booleanAttribute("count_include_pad") ? 1 : 0));
            }
            case "adaptive_avg_pool" -> adaptivePool(op, x, out, "GlobalAveragePool", "AveragePool");
            case "adaptive_max_pool" -> adaptivePool(op, x, out, "GlobalMaxPool", "MaxPool");
            case "batch_norm" -> {
                Tensor mean = op.input(1);
                g.node("BatchNormalization", List.of(x, weightOrConstant(in.get(3), mean, 1), weightOrConstant(in.get(4), mean, 0),
                        in.get(1), in.get(2)), out, attr("epsilon", op.doubleAttribute("eps")));
            }
            case "instance_norm" -> {
                Tensor ref = Tensor.zeros(op.input(0).dtype(), op.input(0).size(1));
                g.node("InstanceNormalization", List.of(x, weightOrConstant(in.get(1), ref, 1), weightOrConstant(in.get(2), ref, 0)),
                        out, attr("epsilon", op.doubleAttribute("eps")));
            }
            case "layer_norm" -> NormalizationConverter.layerNorm(g, op, in, out);
            case "group_norm" -> NormalizationConverter.groupNorm(g, op, in, out);
            case "local_response_norm" -> NormalizationConverter.localResponseNorm(g, op, in, out);
            case "embedding" -> g.node("Gather", List.of(in.get(1), x), out, attr("axis", 0));
            case "index_select" -> g.node("Gather", List.of(x, in.get(1)), out, attr("axis", op.intAttribute("dim")));
            case "argmax", "argmin" -> g.node(op.name().equals("argmax") ? "ArgMax" : "ArgMin", List.of(x), out,
                    attr("axis", op.intAttribute("dim")), attr("keepdims", op.booleanAttribute("keepdim") ? 1 : 0));
            default -> {
                if (!activations.convert(op, in, out)) {
                    throw unsupported(op, "the exporter has no ONNX form for it");
                }
            }
        }
    }

    static OnnxExportException unsupported(TracedOp op, String why) {
        return new OnnxExportException("ONNX export: cannot export '" + op.name() + "' (input " + Shape.str(op.input(0).shape())
                + "): " + why);
    }

    /** Input {@code i}, cast to the output's type when the operation promoted it (int64 + float32, say). */
    private String operand(TracedOp op, List<String> in, int i) {
        DType want = op.output().dtype();
        if (op.input(i).dtype() == want || want == DType.BOOL) {
            return in.get(i);
        }
        return g.node("Cast", List.of(in.get(i)), attr("to", GraphBuilder.dataType(want).getNumber()));
    }

    private void binary(String type, TracedOp op, List<String> in, String out) {
        g.node(type, List.of(operand(op, in, 0), operand(op, in, 1)), out);
    }

    private void compare(TracedOp op, List<String> in, String out) {
        String a = in.get(0);
        String b;
        if (op.attributes().containsKey("value")) {
            b = g.scalar(op.doubleAttribute("value"), op.input(0).dtype());
        } else {
            DType common = DType.promote(op.input(0).dtype(), op.input(1).dtype());
            if (op.input(0).dtype() != common) {
                a = g.node("Cast", List.of(a), attr("to", GraphBuilder.dataType(common).getNumber()));
            }
            b = in.get(1);
            if (op.input(1).dtype() != common) {
                b = g.node("Cast", List.of(b), attr("to", GraphBuilder.dataType(common).getNumber()));
            }
        }
        switch (op.name()) {
            case "gt" -> g.node("Greater", List.of(a, b), out);
            case "ge" -> g.node("GreaterOrEqual", List.of(a, b), out);
            case "lt" -> g.node("Less", List.of(a, b), out);
            case "le" -> g.node("LessOrEqual", List.of(a, b), out);
            case "eq" -> g.node("Equal", List.of(a, b), out);
            default -> g.node("Not", List.of(g.node("Equal", List.of(a, b))), out);
        }
    }

    /** The target of a reshape with the dimensions that follow the batch made symbolic (see the class comment). */
    private static long[] reshapeTarget(TracedOp op, TracedOp counterpart) {
        int[] a = op.intsAttribute("shape");
        int[] b = counterpart.intsAttribute("shape");
        int[] inA = op.input(0).shape();
        int[] inB = counterpart.input(0).shape();
        long[] target = Arrays.stream(a).asLongStream().toArray();
        if (b.length != a.length) {
            return target;
        }
        List<Integer> inferred = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                boolean copied = i < inA.length && i < inB.length && inA[i] == a[i] && inB[i] == b[i];
                if (copied) {
                    target[i] = 0;
                } else {
                    inferred.add(i);
                }
            }
        }
        if (inferred.size() == 1) {
            target[inferred.get(0)] = -1;
        }
        return target;
    }

    /** The target of an expand with 1 where a dimension follows the batch in the input too. */
    private static long[] expandTarget(TracedOp op, TracedOp counterpart) {
        int[] a = op.intsAttribute("shape");
        int[] b = counterpart.intsAttribute("shape");
        int[] inA = op.input(0).shape();
        int[] inB = counterpart.input(0).shape();
        long[] target = Arrays.stream(a).asLongStream().toArray();
        for (int i = 0; i < a.length && b.length == a.length; i++) {
            int k = i - (a.length - inA.length);
            if (a[i] != b[i] && k >= 0 && inA[k] == a[i] && inB[k] == b[i]) {
                target[i] = 1;
            }
        }
        return target;
    }

    private void flatten(TracedOp op, String x, String out) {
        int start = op.intAttribute("start");
        int end = op.intAttribute("end");
        int rank = op.input(0).dim();
        if (start == 1 && end == rank - 1) {
            g.node("Flatten", List.of(x), out, attr("axis", 1));
            return;
        }
        // dimensions before start are copied (0), the merged one inferred (−1), the rest as traced
        int[] inShape = op.input(0).shape();
        long[] target = new long[rank - (end - start)];
        int j = 0;
        for (int i = 0; i < start; i++) {
            target[j++] = 0;
        }
        target[j++] = -1;
        for (int i = end + 1; i < rank; i++) {
            target[j++] = inShape[i];
        }
        g.node("Reshape", List.of(x, g.ints(target)), out);
    }

    private void pad(TracedOp op, String x, String out) {
        int[] pad = op.intsAttribute("pad");
        int rank = op.input(0).dim();
        long[] pads = new long[2 * rank];
        for (int k = 0; 2 * k < pad.length; k++) {
            int d = rank - 1 - k;
            pads[d] = pad[2 * k];
            pads[rank + d] = 2 * k + 1 < pad.length ? pad[2 * k + 1] : 0;
        }
        String mode = switch ((String) op.attribute("mode")) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "replicate" -> "edge";
            default -> {
                if (g.opset() < 19) {
                    throw unsupported(op, "circular padding needs opset 19 or newer (asked for " + g.opset() + ")");
                }
                yield "wrap";
            }
        };
        List<String> inputs = new ArrayList<>(List.of(x, g.ints(pads)));
        if (mode.equals("constant")) {
            inputs.add(g.scalar(op.doubleAttribute("value"), op.input(0).dtype()));
        }
        g.node("Pad", inputs, out, attr("mode", mode));
    }

    private void reduce(String type, TracedOp op, String x, String out) {
        int[] dims = op.intsAttribute("dims");
        int keep = op.booleanAttribute("keepdim") ? 1 : 0;
        if (dims.length == 0) {
            g.node("Identity", List.of(x), out);
        } else if (type.equals("ReduceSum") || g.opset() >= 18) {
            g.node(type, List.of(x, g.ints(dims)), out, attr("keepdims", keep));
        } else {
            g.node(type, List.of(x), out, attr("axes", dims), attr("keepdims", keep));
        }
    }

    private void linear(TracedOp op, List<String> in, String out) {
        String x = in.get(0);
        String w = in.get(1);
        String b = in.get(2);
        if (op.input(0).dim() == 2) {
            List<String> inputs = b.isEmpty() ? List.of(x, w) : List.of(x, w, b);
            g.node("Gemm", inputs, out, attr("transB", 1));
            return;
        }
        String wt = g.node("Transpose", List.of(w), attr("perm", new int[] {1, 0}));
        if (b.isEmpty()) {
            g.node("MatMul", List.of(x, wt), out);
        } else {
            g.node("Add", List.of(g.node("MatMul", List.of(x, wt)), b), out);
        }
    }

    private static List<String> convInputs(List<String> in) {
        return in.get(2).isEmpty() ? List.of(in.get(0), in.get(1)) : List.of(in.get(0), in.get(1), in.get(2));
    }

    private static int[] kernelShape(Tensor weight) {
        int[] s = weight.shape();
        return Arrays.copyOfRange(s, 2, s.length);
    }

    private void adaptivePool(TracedOp op, String x, String out, String global, String windowed) {
        int[] outSize = op.intsAttribute("output_size");
        int[] in = op.input(0).shape();
        int spatial = outSize.length;
        int[] inSize = Arrays.copyOfRange(in, in.length - spatial, in.length);
        if (Arrays.stream(outSize).allMatch(o -> o == 1)) {
            g.node(global, List.of(x), out);
            return;
        }
        int[] kernel = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            if (inSize[i] % outSize[i] != 0) {
                throw unsupported(op, "input size " + Shape.str(inSize) + " is not a multiple of the output size "
                        + Shape.str(outSize) + " (ONNX pooling windows all have one size)");
            }
            kernel[i] = inSize[i] / outSize[i];
        }
        List<AttributeProto> attrs = new ArrayList<>(List.of(attr("kernel_shape", kernel), attr("strides", kernel)));
        g.node(windowed, List.of(x), out, attrs.toArray(new AttributeProto[0]));
    }

    /** The optional per-channel {@code value} (a weight or bias) or, when absent, a constant like {@code ref} filled with {@code fill}. */
    private String weightOrConstant(String value, Tensor ref, double fill) {
        return value.isEmpty() ? g.constant(ref.detach().fullLike(fill)) : value;
    }

    private static int[] identityPermutation(int rank) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        return perm;
    }
}
