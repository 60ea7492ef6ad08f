package dev.kiln.onnx;

import dev.kiln.onnx.ops.CompiledGraph;
import dev.kiln.onnx.ops.ExecutionMode;
import dev.kiln.onnx.ops.Operators;
import dev.kiln.onnx.ops.TensorProtos;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.onnx.proto.OnnxProto.TensorShapeProto;
import dev.kiln.onnx.proto.OnnxProto.ValueInfoProto;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kiln module that runs an imported ONNX graph: each node is one of Kiln's operators (see
 * {@link Operators}), compiled when the model is loaded, so an operator or attribute Kiln does not
 * support is refused then, naming it, the node and the opset.
 *
 * <p>Floating-point initialisers become trainable parameters named after them (a dotted name is
 * laid out as child modules, so {@code stateDict()} keys are the ONNX names); the running mean and
 * variance of BatchNormalization become buffers; integer and bool initialisers (shapes, axes) stay
 * constants of the graph. Nodes run on Kiln's tensor operations, so autograd records them and the
 * model can be fine-tuned with Kiln's optimisers.
 *
 * <p>In {@code eval()} mode (the mode {@link Onnx#load} returns) the graph computes what ONNX
 * Runtime computes; in {@code train()} mode Dropout drops and BatchNormalization uses batch
 * statistics and updates its running statistics, as the exported PyTorch layers would.
 *
 * <pre>{@code
 * OnnxModule model = Onnx.load(Path.of("lenet.onnx"));
 * Tensor logits = model.forward(images);          // (N, 1, 28, 28) -> (N, 10)
 * }</pre>
 */
public final class OnnxModule extends InitializerTree {
    /** A graph input: its name, element type and dimensions (null for a symbolic one such as the batch). */
    private record GraphInput(String name, DType type, Integer[] dims) {
    }

    private final String source;
    private final int opset;
    private final CompiledGraph graph;
    private final List<GraphInput> inputs = new ArrayList<>();
    private final Map<String, Tensor> constants = new HashMap<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private OnnxModule(ModelProto model, String source) {
        this.source = source;
        this.opset = defaultOpset(model, source);
        GraphProto graphProto = model.getGraph();
        Set<String> batchNormStatistics = new HashSet<>();
        for (NodeProto n : graphProto.getNodeList()) {
            if (n.getOpType().equals("BatchNormalization")) {
                for (int i = 3; i < Math.min(5, n.getInputCount()); i++) {
                    batchNormStatistics.add(n.getInput(i));
                }
            }
        }
        Set<String> defined = new HashSet<>();
        for (TensorProto init : graphProto.getInitializerList()) {
            addInitializer(init, batchNormStatistics.contains(init.getName()));
            defined.add(init.getName());
        }
        for (ValueInfoProto input : graphProto.getInputList()) {
            if (!defined.contains(input.getName())) {
                inputs.add(graphInput(input));
                defined.add(input.getName());
            }
        }
        this.graph = new CompiledGraph(graphProto, opset, defined, Set.of(), defined);
        eval();
    }

    /** Builds the module for {@code model}; {@code source} names it in error messages. */
    static OnnxModule of(ModelProto model, String source) {
        try {
            return new OnnxModule(model, source);
        } catch (OnnxFormatException e) {
            if (e.getMessage().startsWith(source + ": ")) {
                throw e;
            }
            throw new OnnxFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static int defaultOpset(ModelProto model, String source) {
        Integer version = null;
        for (OperatorSetIdProto set : model.getOpsetImportList()) {
            if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
                version = Math.toIntExact(set.getVersion());
            }
        }
        if (version == null) {
            throw new OnnxFormatException(source + ": the model imports no version of the default ONNX operator set");
        }
        if (version < Operators.MIN_OPSET || version > Operators.MAX_OPSET) {
            throw new OnnxFormatException(source + ": opset " + version + " is not supported (Kiln imports opsets "
                    + Operators.MIN_OPSET + " to " + Operators.MAX_OPSET + ")");
        }
        return version;
    }

    private void addInitializer(TensorProto init, boolean statistic) {
        String name = init.getName();
        if (name.isEmpty()) {
            throw new OnnxFormatException("an initialiser has no name");
        }
        Tensor value = TensorProtos.toTensor(init, "initialiser '" + name + "'");
        if (!value.dtype().isFloatingPoint()) {
            constants.put(name, value);
            return;
        }
        if (value.numel() == 0) {
            constants.put(name, value);
            return;
        }
        boolean parameter = !statistic;
        Slot slot = put(name, value, parameter);
        if (slot == null) {
            // the name does not fit a module tree: keep it flat, dots replaced
            String flat = name.replace('.', '_');
            while (slot == null) {
                slot = put(flat, value, parameter);
                flat = flat + "_";
            }
        }
        slots.put(name, slot);
    }

    private GraphInput graphInput(ValueInfoProto input) {
        String name = input.getName();
        if (!input.getType().hasTensorType()) {
            throw new OnnxFormatException("graph input '" + name + "' is not a tensor, which Kiln does not support");
        }
        var tensorType = input.getType().getTensorType();
        DType type = TensorProtos.kilnType(tensorType.getElemType());
        if (type == null) {
            throw new OnnxFormatException("graph input '" + name + "' has unsupported type "
                    + TensorProtos.typeName(tensorType.getElemType()));
        }
        Integer[] dims = null;
        if (tensorType.hasShape()) {
            List<TensorShapeProto.Dimension> ds = tensorType.getShape().getDimList();
            dims = new Integer[ds.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = ds.get(i).hasDimValue() ? Math.toIntExact(ds.get(i).getDimValue()) : null;
            }
        }
        return new GraphInput(name, type, dims);
    }

    /** The version of the default ONNX operator set the model was exported for. */
    public int opset() {
        return opset;
    }

    /** The names of the graph inputs the caller provides (initialisers excluded), in order. */
    public List<String> inputNames() {
        return inputs.stream().map(GraphInput::name).toList();
    }

    /** The names of the graph outputs, in order. */
    public List<String> outputNames() {
        return List.copyOf(graph.outputs());
    }

    /**
     * Runs the graph on its single input and returns its single (or first) output.
     *
     * @throws IllegalArgumentException if the model takes several inputs, or the input's type or
     *     shape does not fit the graph (the message names the input and the expected shape)
     */
    @Override
    public Tensor forward(Tensor input) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(source + ": the model takes " + inputs.size() + " inputs "
                    + inputNames() + "; call forward(Map) with each by name");
        }
        return forward(Map.of(inputs.getFirst().name(), input)).get(graph.outputs().getFirst());
    }

    /**
     * Runs the graph.
     *
     * @param feeds a tensor for every graph input, by name
     * @return every graph output by name, in the graph's order
     * @throws IllegalArgumentException for a missing, unknown or ill-fitting input, or a node that
     *     fails on the shapes it receives (the message names the node)
     */
    public Map<String, Tensor> forward(Map<String, Tensor> feeds) {
        Map<String, Tensor> values = new HashMap<>(constants);
        slots.forEach((name, slot) -> values.put(name, slot.get()));
        for (String name : feeds.keySet()) {
            if (inputs.stream().noneMatch(in -> in.name().equals(name))) {
                throw new IllegalArgumentException(source + ": the model has no input '" + name + "' (inputs: "
                        + inputNames() + ")");
            }
        }
        for (GraphInput in : inputs) {
            Tensor value = feeds.get(in.name());
            if (value == null) {
                throw new IllegalArgumentException(source + ": input '" + in.name() + "' is missing");
            }
            check(in, value);
            values.put(in.name(), value);
        }
        ExecutionMode mode = isTraining() ? ExecutionMode.TRAINING : ExecutionMode.INFERENCE;
        try {
            return graph.run(values, mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private void check(GraphInput in, Tensor value) {
        if (value.dtype() != in.type()) {
            throw new IllegalArgumentException(source + ": input '" + in.name() + "' should be " + in.type().label()
                    + ", got " + value.dtype().label());
        }
        if (in.dims() == null) {
            return;
        }
        boolean fits = value.dim() == in.dims().length;
        for (int i = 0; fits && i < in.dims().length; i++) {
            fits = in.dims()[i] == null || in.dims()[i] == value.size(i);
        }
        if (!fits) {
            String expected = Arrays.stream(in.dims()).map(d -> d == null ? "N" : d.toString())
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
            throw new IllegalArgumentException(source + ": input '" + in.name() + "' should have shape " + expected
                    + ", got " + Arrays.stream(value.shape()).mapToObj(Integer::toString)
                            .collect(java.util.stream.Collectors.joining(", ", "(", ")")));
        }
    }

    /** The expected shape of input {@code index}, with −1 for a symbolic dimension, or null if the graph does not say. */
    public int[] inputShape(int index) {
        Integer[] dims = inputs.get(index).dims();
        return dims == null ? null : Arrays.stream(dims).mapToInt(d -> d == null ? -1 : d).toArray();
    }

    @Override
    public String extraRepr() {
        return "opset=" + opset + ", nodes=" + graph.size() + ", inputs=" + inputNames() + ", outputs=" + graph.outputs();
    }
}
