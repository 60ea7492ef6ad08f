package dev.kiln.onnx.ops;

import dev.kiln.onnx.OnnxFormatException;
import dev.kiln.onnx.proto.OnnxProto.AttributeProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of an ONNX graph as an operator sees it while it is compiled: its name, operator type,
 * the opset it was exported for, its inputs and outputs, and typed access to its attributes.
 *
 * <p>Every attribute an operator reads is remembered; {@link #checkAllAttributesRead()} then refuses
 * the node if it carries an attribute the operator did not read, so that an attribute Kiln does not
 * understand is never silently ignored.
 */
public final class OnnxNode {
    private final NodeProto proto;
    private final String name;
    private final int opset;
    private final Map<String, AttributeProto> attributes = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    /**
     * @param proto the node
     * @param index its position in the graph, used as its name when it has none
     * @param opset the version of the default ONNX operator set the model imports
     */
    public OnnxNode(NodeProto proto, int index, int opset) {
        this.proto = proto;
        this.name = proto.getName().isEmpty() ? "#" + index : proto.getName();
        this.opset = opset;
        for (AttributeProto a : proto.getAttributeList()) {
            if (!a.getRefAttrName().isEmpty()) {
                throw error("attribute '" + a.getName() + "' refers to a function attribute, which Kiln does not support");
            }
            attributes.put(a.getName(), a);
        }
    }

    /** The node's name (or {@code #index} when the file gives none). */
    public String name() {
        return name;
    }

    /** The operator type, such as {@code Conv}. */
    public String opType() {
        return proto.getOpType();
    }

    /** The version of the default operator set that the model imports. */
    public int opset() {
        return opset;
    }

    /** Input value names; an empty name marks an omitted optional input. */
    public List<String> inputs() {
        return proto.getInputList();
    }

    /** Output value names; an empty name marks an omitted optional output. */
    public List<String> outputs() {
        return proto.getOutputList();
    }

    /** Whether input {@code i} is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < proto.getInputCount() && !proto.getInput(i).isEmpty();
    }

    /** Whether output {@code i} is wanted (present and not the empty name). */
    public boolean hasOutput(int i) {
        return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty();
    }

    /** Whether the node carries attribute {@code key}; counts as reading it. */
    public boolean has(String key) {
        read.add(key);
        return attributes.containsKey(key);
    }

    private AttributeProto attribute(String key, AttributeProto.AttributeType type) {
        read.add(key);
        AttributeProto a = attributes.get(key);
        if (a != null && a.hasType() && a.getType() != type) {
            throw error("attribute '" + key + "' should be " + type + ", got " + a.getType());
        }
        return a;
    }

    /** An integer attribute, or {@code fallback} when absent. */
    public long getInt(String key, long fallback) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    /** A float attribute, or {@code fallback} when absent. */
    public double getFloat(String key, double fallback) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.FLOAT);
        return a == null ? fallback : a.getF();
    }

    /** A string attribute, or {@code fallback} when absent. */
    public String getString(String key, String fallback) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.STRING);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** An integer-list attribute, or {@code fallback} (may be null) when absent. */
    public long[] getInts(String key, long[] fallback) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.INTS);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** An integer-list attribute as {@code int}s, or {@code fallback} (may be null) when absent. */
    public int[] getIntArray(String key, int[] fallback) {
        long[] v = getInts(key, null);
        if (v == null) {
            return fallback;
        }
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }

    /** A float-list attribute, or {@code fallback} (may be null) when absent. */
    public float[] getFloats(String key, float[] fallback) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.FLOATS);
        if (a == null) {
            return fallback;
        }
        float[] r = new float[a.getFloatsCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getFloats(i);
        }
        return r;
    }

    /** A tensor attribute converted to a Kiln tensor, or null when absent. */
    public Tensor getTensor(String key) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.TENSOR);
        return a == null ? null : TensorProtos.toTensor(a.getT(), "attribute '" + key + "' of " + describe());
    }

    /** A graph attribute (the branch of an If), or null when absent. */
    public dev.kiln.onnx.proto.OnnxProto.GraphProto getGraph(String key) {
        AttributeProto a = attribute(key, AttributeProto.AttributeType.GRAPH);
        return a == null ? null : a.getG();
    }

    /** Refuses the node unless {@code attribute} has one of the {@code allowed} values. */
    public void requireIntIn(String key, long fallback, long... allowed) {
        long v = getInt(key, fallback);
        for (long a : allowed) {
            if (a == v) {
                return;
            }
        }
        throw unsupported("attribute " + key + "=" + v);
    }

    /** Refuses the node if an output beyond the first {@code count} is wanted. */
    public void requireOutputsAtMost(int count, String what) {
        for (int i = count; i < proto.getOutputCount(); i++) {
            if (hasOutput(i)) {
                throw unsupported("output " + i + " (" + what + ")");
            }
        }
    }

    /** Refuses the node if it carries an attribute that its operator did not read. */
    public void checkAllAttributesRead() {
        List<String> unread = new ArrayList<>();
        for (String key : attributes.keySet()) {
            if (!read.contains(key)) {
                unread.add(key);
            }
        }
        if (!unread.isEmpty()) {
            throw unsupported((unread.size() == 1 ? "attribute " : "attributes ") + String.join(", ", unread));
        }
    }

    /** {@code node 'name' (OpType, opset N)}, for messages. */
    public String describe() {
        return "node '" + name + "' (" + opType() + ", opset " + opset + ")";
    }

    /** An exception saying that Kiln does not support {@code what} in this node. */
    public OnnxFormatException unsupported(String what) {
        return new OnnxFormatException(describe() + ": unsupported " + what);
    }

    /** An exception saying that this node is malformed: {@code what}. */
    public OnnxFormatException error(String what) {
        return new OnnxFormatException(describe() + ": " + what);
    }
}
