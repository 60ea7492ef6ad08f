package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.autograd.GradMode;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operators with the attributes and opset forms PyTorch's two layer models do not reach (asymmetric
 * and automatic padding, dilations, negative slice steps, the opset-specific forms of Split, Pad,
 * Clip, Softmax, the reductions, GroupNormalization…), each as a one-node model run by Kiln and by
 * ONNX Runtime on the same inputs.
 */
class OperatorsVersusOrtTest {
    private static int seed = 1;

    private static Tensor r(int... shape) {
        return Tensor.randn(new Generator(seed++), shape);
    }

    private static Tensor longs(long... values) {
        return Tensor.fromArray(values, values.length);
    }

    private static Tensor scalar(float value) {
        return Tensor.fromArray(new float[] {value});
    }

    static Stream<OrtCase> cases() {
        return Stream.of(
                OrtCase.of("conv asymmetric pads, stride, groups", "Conv").in("x", r(2, 4, 7, 7)).in("w", r(6, 2, 3, 3))
                        .in("b", r(6)).ints("pads", 0, 1, 2, 1).ints("strides", 2, 2).i("group", 2),
                OrtCase.of("conv SAME_UPPER stride 2", "Conv").in("x", r(1, 2, 8, 7)).in("w", r(3, 2, 3, 3))
                        .s("auto_pad", "SAME_UPPER").ints("strides", 2, 2),
                OrtCase.of("conv 1-D SAME_LOWER", "Conv").in("x", r(2, 3, 10)).in("w", r(4, 3, 4))
                        .s("auto_pad", "SAME_LOWER").ints("strides", 3),
                OrtCase.of("conv 1-D dilation", "Conv").in("x", r(2, 3, 10)).in("w", r(4, 3, 3)).ints("dilations", 2)
                        .ints("pads", 3, 1),
                OrtCase.of("conv valid kernel_shape", "Conv").in("x", r(1, 3, 6, 6)).in("w", r(2, 3, 2, 3))
                        .s("auto_pad", "VALID").ints("kernel_shape", 2, 3),
                OrtCase.of("convtranspose asymmetric pads, output_padding", "ConvTranspose").in("x", r(1, 4, 5, 5))
                        .in("w", r(4, 3, 3, 3)).in("b", r(3)).ints("pads", 1, 0, 0, 1).ints("strides", 2, 2)
                        .ints("output_padding", 1, 0),
                OrtCase.of("convtranspose 1-D groups dilation", "ConvTranspose").in("x", r(2, 4, 6)).in("w", r(4, 2, 3))
                        .i("group", 2).ints("dilations", 2).ints("strides", 3).ints("pads", 1, 1),
                OrtCase.of("maxpool dilations and pads", "MaxPool").opset(12).in("x", r(1, 2, 9, 9))
                        .ints("kernel_shape", 3, 3).ints("dilations", 2, 2).ints("pads", 1, 1, 1, 1),
                OrtCase.of("maxpool asymmetric pads", "MaxPool").in("x", r(2, 3, 7, 8)).ints("kernel_shape", 3, 3)
                        .ints("strides", 2, 2).ints("pads", 0, 0, 1, 2),
                OrtCase.of("maxpool 1-D SAME_UPPER", "MaxPool").in("x", r(2, 3, 11)).ints("kernel_shape", 4)
                        .ints("strides", 3).s("auto_pad", "SAME_UPPER"),
                OrtCase.of("averagepool exclude pad, asymmetric", "AveragePool").in("x", r(1, 2, 8, 9))
                        .ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 0, 0, 2),
                OrtCase.of("averagepool include pad", "AveragePool").in("x", r(1, 2, 8, 9)).ints("kernel_shape", 3, 2)
                        .ints("strides", 2, 1).ints("pads", 1, 1, 1, 1).i("count_include_pad", 1),
                OrtCase.of("averagepool 3-D", "AveragePool").in("x", r(2, 1, 5, 3, 4)).ints("kernel_shape", 3, 1, 2)
                        .ints("pads", 1, 0, 0, 1, 0, 1),
                OrtCase.of("maxpool 3-D", "MaxPool").in("x", r(1, 2, 4, 5, 3)).ints("kernel_shape", 2, 2, 2)
                        .ints("strides", 1, 2, 1),
                OrtCase.of("globalmaxpool", "GlobalMaxPool").in("x", r(2, 3, 4, 5)),
                OrtCase.of("groupnorm opset 18 per-group scale", "GroupNormalization").opset(18).in("x", r(2, 6, 3, 3))
                        .in("s", r(3)).in("b", r(3)).i("num_groups", 3),
                OrtCase.of("maxpool ceil mode", "MaxPool").in("x", r(1, 2, 8, 8)).ints("kernel_shape", 3, 3)
                        .ints("strides", 2, 2).ints("pads", 1, 1, 1, 1).i("ceil_mode", 1),
                OrtCase.of("averagepool ceil mode excluding pad", "AveragePool").in("x", r(1, 2, 8, 8))
                        .ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1).i("ceil_mode", 1),
                OrtCase.of("conv depthwise without bias", "Conv").in("x", r(2, 4, 6, 6)).in("w", r(8, 1, 3, 3))
                        .i("group", 4).ints("pads", 1, 1, 1, 1),
                OrtCase.of("groupnorm opset 21", "GroupNormalization").opset(21).in("x", r(2, 6, 3, 3)).in("s", r(6))
                        .in("b", r(6)).i("num_groups", 3).f("epsilon", 1e-3),
                OrtCase.of("layernorm axis -2", "LayerNormalization").in("x", r(2, 3, 4, 5)).in("s", r(4, 5))
                        .in("b", r(4, 5)).i("axis", -2),
                OrtCase.of("layernorm broadcast scale", "LayerNormalization").in("x", r(2, 3, 4)).in("s", r(4)).i("axis", 1),
                OrtCase.of("instancenorm", "InstanceNormalization").in("x", r(2, 3, 5, 4)).in("s", r(3)).in("b", r(3))
                        .f("epsilon", 1e-3),
                OrtCase.of("batchnorm 2-D input opset 9", "BatchNormalization").opset(9).in("x", r(4, 3)).in("s", r(3))
                        .in("b", r(3)).init("m", r(3)).init("v", r(3).abs().add(0.5)).f("epsilon", 1e-3),
                OrtCase.of("lrn", "LRN").in("x", r(2, 7, 3, 3)).i("size", 5).f("alpha", 0.01).f("beta", 0.6)
                        .f("bias", 1.5),
                OrtCase.of("softmax opset 11 axis 1 coerced", "Softmax").opset(11).in("x", r(2, 3, 4)).i("axis", 1),
                OrtCase.of("logsoftmax opset 13 axis 0", "LogSoftmax").opset(13).in("x", r(3, 4)).i("axis", 0),
                OrtCase.of("gemm transA alpha beta", "Gemm").in("a", r(4, 3)).in("b", r(4, 5)).in("c", r(1, 5))
                        .i("transA", 1).f("alpha", 0.5).f("beta", 2),
                OrtCase.of("matmul batched broadcast", "MatMul").in("a", r(2, 1, 3, 4)).in("b", r(5, 4, 2)),
                OrtCase.of("matmul vector", "MatMul").in("a", r(4)).in("b", r(3, 4, 2)),
                OrtCase.of("slice negative steps", "Slice").in("x", r(5, 6)).init("starts", longs(-1, 4))
                        .init("ends", longs(-10, 0)).init("axes", longs(0, 1)).init("steps", longs(-2, -1)),
                OrtCase.of("slice opset 9 attributes", "Slice").opset(9).in("x", r(4, 5, 6)).ints("starts", 1, -4)
                        .ints("ends", 1000, -1).ints("axes", 0, 2),
                OrtCase.of("split num_outputs opset 18", "Split").opset(18).in("x", r(2, 7)).i("axis", 1)
                        .i("num_outputs", 3).out(DataType.FLOAT).out(DataType.FLOAT).out(DataType.FLOAT),
                OrtCase.of("split sizes opset 11", "Split").opset(11).in("x", r(6, 2)).ints("split", 1, 5)
                        .out(DataType.FLOAT).out(DataType.FLOAT),
                OrtCase.of("pad edge", "Pad").opset(13).in("x", r(2, 3, 4)).init("pads", longs(0, 1, 2, 0, 2, 1))
                        .s("mode", "edge"),
                OrtCase.of("pad reflect", "Pad").opset(11).in("x", r(1, 2, 4, 5)).init("pads", longs(0, 0, 1, 2, 0, 0, 3, 1))
                        .s("mode", "reflect"),
                OrtCase.of("pad constant with axes", "Pad").opset(18).in("x", r(2, 3, 4)).init("pads", longs(1, 0, 2, 1))
                        .init("value", scalar(1.5f)).init("axes", longs(0, -1)),
                OrtCase.of("pad wrap", "Pad").opset(19).in("x", r(3, 4)).init("pads", longs(0, 2, 0, 1)).s("mode", "wrap"),
                OrtCase.of("pad opset 2 attributes", "Pad").opset(7).in("x", r(2, 3)).ints("pads", 1, 0, 0, 2)
                        .f("value", -2),
                OrtCase.of("reducemean axes input no keepdims", "ReduceMean").opset(18).in("x", r(2, 3, 4))
                        .init("axes", longs(0, -1)).i("keepdims", 0),
                OrtCase.of("reducesum noop with empty axes", "ReduceSum").opset(13).in("x", r(2, 3))
                        .i("noop_with_empty_axes", 1),
                OrtCase.of("reducesum all axes", "ReduceSum").opset(13).in("x", r(2, 3, 2)).i("keepdims", 0),
                OrtCase.of("reducelogsumexp attribute axes", "ReduceLogSumExp").opset(11).in("x", r(2, 3, 4)).ints("axes", 1),
                OrtCase.of("reduceprod", "ReduceProd").opset(13).in("x", r(2, 3, 4)).ints("axes", 0, 2),
                OrtCase.of("reducel2", "ReduceL2").opset(18).in("x", r(3, 4)).init("axes", longs(1)),
                OrtCase.of("reducemax reducemin", "ReduceMin").opset(11).in("x", r(3, 4, 2)).ints("axes", -1, 0),
                OrtCase.of("argmax", "ArgMax").in("x", r(3, 5)).i("axis", 1).i("keepdims", 0).out(DataType.INT64),
                OrtCase.of("gather 2-D negative indices", "Gather").in("x", r(3, 4, 2)).init("i", Tensor.fromArray(
                        new long[] {0, -1, 1, 1}, 2, 2)).i("axis", 1),
                OrtCase.of("gather scalar index", "Gather").in("x", r(3, 4)).init("i", Tensor.scalar(DType.INT64, -2)),
                OrtCase.of("range float", "Range").init("start", Tensor.scalar(DType.FLOAT32, 1))
                        .init("limit", Tensor.scalar(DType.FLOAT32, 2.2)).init("delta", Tensor.scalar(DType.FLOAT32, 0.3)),
                OrtCase.of("range int64 descending", "Range").init("start", Tensor.scalar(DType.INT64, 10))
                        .init("limit", Tensor.scalar(DType.INT64, 1)).init("delta", Tensor.scalar(DType.INT64, -3))
                        .out(DataType.INT64),
                OrtCase.of("expand", "Expand").in("x", r(3, 1)).init("shape", longs(2, 1, 4)),
                OrtCase.of("tile", "Tile").in("x", r(2, 3)).init("repeats", longs(2, 3)),
                OrtCase.of("where broadcast", "Where").init("c", Tensor.fromArray(new boolean[] {true, false, true}, 3))
                        .in("x", r(2, 3)).in("y", r(1)),
                OrtCase.of("clip opset 10 attributes", "Clip").opset(10).in("x", r(3, 4)).f("min", -0.3).f("max", 0.4),
                OrtCase.of("clip opset 13 max only", "Clip").opset(13).in("x", r(3, 4)).skip().init("max", Tensor.scalar(
                        DType.FLOAT32, 0.2)),
                OrtCase.of("hardsigmoid", "HardSigmoid").in("x", r(3, 4)).f("alpha", 0.3).f("beta", 0.4),
                OrtCase.of("selu custom", "Selu").in("x", r(3, 4)).f("alpha", 1.2).f("gamma", 0.9),
                OrtCase.of("elu", "Elu").in("x", r(3, 4)).f("alpha", 0.5),
                OrtCase.of("celu", "Celu").opset(12).in("x", r(3, 4)).f("alpha", 2),
                OrtCase.of("thresholdedrelu", "ThresholdedRelu").opset(10).in("x", r(3, 4)).f("alpha", 0.5),
                OrtCase.of("shrink", "Shrink").in("x", r(3, 4)).f("bias", 0.1).f("lambd", 0.3),
                OrtCase.of("softplus", "Softplus").in("x", r(3, 4).mul(5)),
                OrtCase.of("prelu broadcast slope", "PRelu").in("x", r(2, 3, 2, 2)).in("slope", r(3, 1, 1)),
                OrtCase.of("gelu tanh opset 20", "Gelu").opset(20).in("x", r(3, 4)).s("approximate", "tanh"),
                OrtCase.of("mish opset 18", "Mish").opset(18).in("x", r(3, 4)),
                OrtCase.of("hardswish", "HardSwish").opset(14).in("x", r(3, 4).mul(4)),
                OrtCase.of("cast float to int64 truncates", "Cast").in("x", r(3, 4).mul(3)).i("to", DataType.INT64_VALUE)
                        .out(DataType.INT64),
                OrtCase.of("div int64 truncates", "Div").init("a", longs(-7, 7, 9, -9)).init("b", longs(2, 2, -4, -4))
                        .out(DataType.INT64),
                OrtCase.of("mod int64 sign of divisor", "Mod").init("a", longs(-7, 7, 9, -9, 6)).init("b", longs(2, -2, -4, 4, 3))
                        .out(DataType.INT64),
                OrtCase.of("mod float fmod", "Mod").in("a", r(3, 4).mul(5)).in("b", r(4).abs().add(0.5)).i("fmod", 1),
                OrtCase.of("pow tensor exponent", "Pow").in("x", r(3, 4).abs()).in("e", r(4)),
                OrtCase.of("max variadic broadcast", "Max").in("a", r(2, 3)).in("b", r(3)).in("c", r(2, 1)),
                OrtCase.of("mean variadic", "Mean").in("a", r(2, 3)).in("b", r(3)).in("c", r(2, 1)),
                OrtCase.of("transpose perm", "Transpose").in("x", r(2, 3, 4)).ints("perm", 2, 0, 1),
                OrtCase.of("transpose default", "Transpose").in("x", r(2, 3, 4)),
                OrtCase.of("flatten axis 0", "Flatten").in("x", r(2, 3, 4)).i("axis", 0),
                OrtCase.of("flatten axis -1", "Flatten").in("x", r(2, 3, 4)).i("axis", -1),
                OrtCase.of("squeeze opset 11 axes attribute", "Squeeze").opset(11).in("x", r(2, 1, 3, 1)).ints("axes", 1, -1),
                OrtCase.of("unsqueeze opset 13 axes input", "Unsqueeze").opset(13).in("x", r(2, 3)).init("axes", longs(0, -1)),
                OrtCase.of("reshape with 0 and -1", "Reshape").in("x", r(2, 3, 4)).init("shape", longs(0, -1, 2)),
                OrtCase.of("shape start end", "Shape").opset(15).in("x", r(2, 3, 4, 5)).i("start", 1).i("end", -1)
                        .out(DataType.INT64),
                OrtCase.of("constantofshape", "ConstantOfShape").init("shape", longs(2, 3))
                        .tensor("value", Tensor.fromArray(new long[] {7}, 1)).out(DataType.INT64),
                OrtCase.of("concat negative axis", "Concat").in("a", r(2, 3)).in("b", r(2, 1)).i("axis", -1),
                OrtCase.of("if selects a branch reading the outer graph", "If")
                        .init("cond", Tensor.fromArray(new boolean[] {false}, 1)).in("x", r(2, 3)).ifBranches());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void kilnMatchesOnnxRuntime(OrtCase c) throws Exception {
        ModelProto proto = c.model();
        OnnxModule model = OnnxModule.of(Onnx.parseModel(proto.toByteArray(), c.name), c.name);
        Map<String, Tensor> kiln;
        try (var off = GradMode.disabled()) {
            kiln = model.forward(c.feeds);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = env.createSession(proto.toByteArray(), new OrtSession.SessionOptions())) {
            for (var e : c.feeds.entrySet()) {
                inputs.put(e.getKey(), ortTensor(env, e.getValue()));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                assertEquals(result.size(), kiln.size(), c.name);
                int i = 0;
                for (Map.Entry<String, OnnxValue> out : result) {
                    OnnxTensor expected = (OnnxTensor) out.getValue();
                    Tensor actual = kiln.get(out.getKey());
                    assertArrayEquals(expected.getInfo().getShape(), Arrays.stream(actual.shape()).asLongStream().toArray(),
                            c.name + ": shape of output " + i);
                    double[] want = values(expected);
                    double[] got = actual.contiguous().to(DType.FLOAT64).toDoubleArray();
                    for (int k = 0; k < want.length; k++) {
                        assertTrue(Math.abs(want[k] - got[k]) <= 1e-4 + 1e-4 * Math.abs(want[k]),
                                c.name + ": output " + i + " element " + k + ": ONNX Runtime " + want[k] + ", Kiln " + got[k]);
                    }
                    i++;
                }
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    private static OnnxTensor ortTensor(OrtEnvironment env, Tensor t) throws Exception {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        Tensor c = t.contiguous();
        return switch (t.dtype()) {
            case FLOAT32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(c.toFloatArray()), shape);
            case FLOAT64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(c.toDoubleArray()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(c.toLongArray()), shape);
            case BOOL -> {
                boolean[] b = c.toBooleanArray();
                ByteBuffer bytes = ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder());
                for (boolean v : b) {
                    bytes.put((byte) (v ? 1 : 0));
                }
                bytes.rewind();
                yield OnnxTensor.createTensor(env, bytes, shape, ai.onnxruntime.OnnxJavaType.BOOL);
            }
        };
    }

    private static double[] values(OnnxTensor t) {
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                double[] r = new double[b.remaining()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = b.get(i);
                }
                yield r;
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                double[] r = new double[b.remaining()];
                b.get(r);
                yield r;
            }
            case INT64 -> Arrays.stream(longArray(t.getLongBuffer())).asDoubleStream().toArray();
            default -> throw new IllegalStateException("unexpected ONNX Runtime output type " + t.getInfo().type);
        };
    }

    private static long[] longArray(LongBuffer b) {
        long[] r = new long[b.remaining()];
        b.get(r);
        return r;
    }

    /** The branches of the If case: then = x + 1 (one node), else = x · x (reads x from the outer graph). */
    static List<GraphProto> ifBranches() {
        GraphProto thenBranch = GraphProto.newBuilder().setName("then")
                .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("one").addAttribute(
                        dev.kiln.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("value_float")
                                .setType(dev.kiln.onnx.proto.OnnxProto.AttributeProto.AttributeType.FLOAT).setF(1)))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("one").addOutput("t"))
                .addOutput(OrtCase.valueInfo("t", DataType.FLOAT_VALUE)).build();
        GraphProto elseBranch = GraphProto.newBuilder().setName("else")
                .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("x").addOutput("e"))
                .addOutput(OrtCase.valueInfo("e", DataType.FLOAT_VALUE)).build();
        return List.of(thenBranch, elseBranch);
    }
}
