package dev.kiln.onnx;

import com.google.protobuf.ByteString;
import dev.kiln.onnx.proto.OnnxProto.AttributeProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the nodes and initialisers of an ONNX graph as the exporter writes them: fresh value
 * names, constants (deduplicated), and the protobuf forms of attributes and tensors.
 */
final class GraphBuilder {
    /** Constants up to this many elements are written once however often they are used. */
    private static final int SHARED_CONSTANT_SIZE = 64;

    private final int opset;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> constants = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    GraphBuilder(int opset) {
        this.opset = opset;
    }

    /** The opset the graph is written for. */
    int opset() {
        return opset;
    }

    /** Marks {@code name} as taken (graph input and output, parameters). */
    void reserve(String name) {
        names.add(name);
    }

    /** A value name not used before, built from {@code hint} ("relu" gives relu_0, relu_1, …). */
    String fresh(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9_.]", "_");
        while (true) {
            int k = counters.merge(base, 1, Integer::sum) - 1;
            String name = base + "_" + k;
            if (names.add(name)) {
                return name;
            }
        }
    }

    /** Adds a node with one output named {@code output}; returns that name. */
    String node(String opType, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh(opType)).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
        return output;
    }

    /** Adds a node with one fresh output; returns its name. */
    String node(String opType, List<String> inputs, AttributeProto... attributes) {
        return node(opType, inputs, fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    /** Adds an initialiser named {@code name} holding {@code t}'s values; returns the name. */
    String initializer(String name, Tensor t) {
        names.add(name);
        initializers.add(tensor(name, t));
        return name;
    }

    /** A constant initialiser with {@code t}'s values (shared between uses of the same tensor content). */
    String constant(Tensor t) {
        if (t.numel() > SHARED_CONSTANT_SIZE) {
            return initializer(fresh("const"), t);
        }
        String key = t.dtype() + Arrays.toString(t.shape()) + Arrays.toString(t.toDoubleArray());
        String existing = constants.get(key);
        if (existing != null) {
            return existing;
        }
        String name = initializer(fresh("const"), t);
        constants.put(key, name);
        return name;
    }

    /** A rank-0 constant of {@code type}. */
    String scalar(double value, DType type) {
        return constant(Tensor.scalar(type, value));
    }

    /** A 1-D int64 constant (shapes, axes, pads). */
    String ints(long... values) {
        return constant(Tensor.fromArray(values, values.length));
    }

    /** A 1-D int64 constant from ints. */
    String ints(int[] values) {
        return ints(Arrays.stream(values).asLongStream().toArray());
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    List<TensorProto> initializers() {
        return initializers;
    }

    // ------------------------------------------------------------------ protobuf forms

    /** The ONNX element type of a Kiln dtype (TensorProto.DataType). */
    static TensorProto.DataType dataType(DType type) {
        return switch (type) {
            case FLOAT32 -> TensorProto.DataType.FLOAT;
            case FLOAT64 -> TensorProto.DataType.DOUBLE;
            case INT64 -> TensorProto.DataType.INT64;
            case BOOL -> TensorProto.DataType.BOOL;
        };
    }

    /** {@code t} as a TensorProto with little-endian raw data. */
    static TensorProto tensor(String name, Tensor t) {
        int n = t.numel();
        ByteBuffer buf;
        switch (t.dtype()) {
            case FLOAT32 -> {
                buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.toFloatArray());
            }
            case FLOAT64 -> {
                buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                buf.asDoubleBuffer().put(t.toDoubleArray());
            }
            case INT64 -> {
                buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                buf.asLongBuffer().put(t.toLongArray());
            }
            case BOOL -> {
                buf = ByteBuffer.allocate(n);
                for (boolean b : t.toBooleanArray()) {
                    buf.put((byte) (b ? 1 : 0));
                }
                buf.flip();
            }
            default -> throw new IllegalStateException(t.dtype().toString());
        }
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dataType(t.dtype()).getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (int d : t.shape()) {
            b.addDims(d);
        }
        return b.build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto attr(String name, int[] values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            b.addInts(v);
        }
        return b.build();
    }
}
