package dev.kiln.onnx;

import com.google.protobuf.ByteString;
import dev.kiln.onnx.proto.OnnxProto.AttributeProto;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.onnx.proto.OnnxProto.TypeProto;
import dev.kiln.onnx.proto.OnnxProto.ValueInfoProto;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-node ONNX model built in a test: inputs fed at run time ({@link #in}) or stored as
 * initialisers ({@link #init}), attributes, and the outputs' element types.
 */
final class OrtCase {
    final String name;
    final String op;
    int opset = 17;
    final List<String> inputNames = new ArrayList<>();
    final Map<String, Tensor> feeds = new LinkedHashMap<>();
    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    final List<AttributeProto> attributes = new ArrayList<>();
    final List<Integer> outputTypes = new ArrayList<>();

    private OrtCase(String name, String op) {
        this.name = name;
        this.op = op;
    }

    static OrtCase of(String name, String op) {
        return new OrtCase(name, op);
    }

    OrtCase opset(int version) {
        opset = version;
        return this;
    }

    /** An input fed at run time. */
    OrtCase in(String input, Tensor value) {
        inputNames.add(input);
        feeds.put(input, value);
        return this;
    }

    /** An input stored as an initialiser. */
    OrtCase init(String input, Tensor value) {
        inputNames.add(input);
        initializers.put(input, value);
        return this;
    }

    /** An omitted optional input. */
    OrtCase skip() {
        inputNames.add("");
        return this;
    }

    OrtCase i(String key, long value) {
        attributes.add(AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.INT).setI(value).build());
        return this;
    }

    OrtCase f(String key, double value) {
        attributes.add(AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build());
        return this;
    }

    OrtCase s(String key, String value) {
        attributes.add(AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build());
        return this;
    }

    OrtCase ints(String key, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        attributes.add(a.build());
        return this;
    }

    OrtCase graph(String key, GraphProto value) {
        attributes.add(AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.GRAPH).setG(value).build());
        return this;
    }

    OrtCase tensor(String key, Tensor value) {
        attributes.add(AttributeProto.newBuilder().setName(key).setType(AttributeProto.AttributeType.TENSOR)
                .setT(proto(key, value)).build());
        return this;
    }

    /**
     * For an If node: keeps only the condition as the node's input (x is read by the branches
     * from the graph) and adds the branches of {@link OperatorsVersusOrtTest#ifBranches}.
     */
    OrtCase ifBranches() {
        inputNames.remove("x");
        List<GraphProto> branches = OperatorsVersusOrtTest.ifBranches();
        return graph("then_branch", branches.get(0)).graph("else_branch", branches.get(1));
    }

    /** Declares an output of element type {@code type} (float unless said otherwise). */
    OrtCase out(TensorProto.DataType type) {
        outputTypes.add(type.getNumber());
        return this;
    }

    ModelProto model() {
        List<Integer> types = outputTypes.isEmpty() ? List.of(TensorProto.DataType.FLOAT_VALUE) : outputTypes;
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputNames)
                .addAllAttribute(attributes);
        GraphProto.Builder graph = GraphProto.newBuilder().setName(name);
        for (int i = 0; i < types.size(); i++) {
            node.addOutput("y" + i);
            graph.addOutput(valueInfo("y" + i, types.get(i)));
        }
        graph.addNode(node);
        feeds.forEach((k, v) -> graph.addInput(valueInfo(k, elemType(v.dtype()))));
        initializers.forEach((k, v) -> graph.addInitializer(proto(k, v)));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("kiln-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    static ValueInfoProto valueInfo(String name, int elemType) {
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType))).build();
    }

    static int elemType(DType type) {
        return switch (type) {
            case FLOAT32 -> TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64 -> TensorProto.DataType.DOUBLE_VALUE;
            case INT64 -> TensorProto.DataType.INT64_VALUE;
            case BOOL -> TensorProto.DataType.BOOL_VALUE;
        };
    }

    /** {@code value} as a TensorProto with little-endian raw data. */
    static TensorProto proto(String name, Tensor value) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType(value.dtype()));
        for (int d : value.shape()) {
            t.addDims(d);
        }
        Tensor c = value.contiguous();
        ByteBuffer raw = ByteBuffer.allocate(c.numel() * value.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (value.dtype()) {
            case FLOAT32 -> {
                for (float v : c.toFloatArray()) {
                    raw.putFloat(v);
                }
            }
            case FLOAT64 -> {
                for (double v : c.toDoubleArray()) {
                    raw.putDouble(v);
                }
            }
            case INT64 -> {
                for (long v : c.toLongArray()) {
                    raw.putLong(v);
                }
            }
            case BOOL -> {
                for (boolean v : c.toBooleanArray()) {
                    raw.put((byte) (v ? 1 : 0));
                }
            }
        }
        return t.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    @Override
    public String toString() {
        return name;
    }
}
