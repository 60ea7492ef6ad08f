package dev.kiln.onnx.ops;

import dev.kiln.onnx.OnnxFormatException;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.onnx.proto.OnnxProto.ValueInfoProto;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph compiled into a list of kernels, in the file's (topological) order. Compiling
 * checks every node: its operator and attributes (see {@link Operators}) and that each value it
 * reads is computed before it. Running evaluates the nodes eagerly and drops each intermediate
 * value after its last reader.
 *
 * <p>The branches of an {@code If} node are compiled as nested graphs; the values they read from
 * the enclosing graph become extra inputs of the If step, so that they are kept alive until then.
 */
public final class CompiledGraph {
    private record Step(OnnxNode node, Kernel kernel, String[] inputs, String[] outputs, List<String> released) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Tensor> constants = new HashMap<>();
    private final Set<String> outerReads = new LinkedHashSet<>();

    /**
     * Compiles {@code graph}.
     *
     * @param opset the model's default-domain opset
     * @param local the names the caller defines for this graph (its inputs and the initialisers it
     *     supplies itself); the graph's own other initialisers become constants
     * @param outer the names visible from enclosing graphs (empty for the main graph)
     * @param kept names never dropped during a run (the caller's inputs and parameters)
     */
    public CompiledGraph(GraphProto graph, int opset, Set<String> local, Set<String> outer, Set<String> kept) {
        Set<String> defined = new HashSet<>(local);
        for (TensorProto init : graph.getInitializerList()) {
            if (!defined.contains(init.getName())) {
                constants.put(init.getName(), TensorProtos.toTensor(init, "initialiser '" + init.getName() + "'"));
                defined.add(init.getName());
            }
        }
        for (ValueInfoProto input : graph.getInputList()) {
            defined.add(input.getName());
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto proto = graph.getNode(i);
            OnnxNode node = new OnnxNode(proto, i, opset);
            String domain = proto.getDomain();
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                throw new OnnxFormatException(node.describe() + ": unsupported operator " + proto.getOpType()
                        + " from domain '" + domain + "'");
            }
            List<String> inputs = new ArrayList<>(proto.getInputList());
            for (String input : proto.getInputList()) {
                resolve(node, input, defined, outer);
            }
            Kernel kernel;
            if (proto.getOpType().equals("If")) {
                Set<String> visible = new HashSet<>(outer);
                visible.addAll(defined);
                IfKernel ifKernel = IfKernel.compile(node, visible);
                for (String name : ifKernel.outerReads()) {
                    resolve(node, name, defined, outer);
                    inputs.add(name);
                }
                kernel = ifKernel;
            } else {
                Operator operator = Operators.get(proto.getOpType());
                if (operator == null) {
                    throw new OnnxFormatException(node.describe() + ": unsupported operator " + proto.getOpType());
                }
                int required = Operators.minInputs(proto.getOpType(), opset);
                for (int k = 0; k < required; k++) {
                    if (!node.hasInput(k)) {
                        throw node.error("expects at least " + required + " input(s), got " + proto.getInputCount());
                    }
                }
                try {
                    kernel = operator.compile(node);
                } catch (ArithmeticException | IllegalArgumentException e) {
                    throw node.error("invalid attribute value (" + e.getMessage() + ")");
                }
            }
            defined.addAll(proto.getOutputList());
            steps.add(new Step(node, kernel, inputs.toArray(String[]::new), proto.getOutputList().toArray(String[]::new),
                    new ArrayList<>()));
        }
        for (ValueInfoProto output : graph.getOutputList()) {
            resolve(null, output.getName(), defined, outer);
            outputs.add(output.getName());
        }
        planReleases(kept);
    }

    private void resolve(OnnxNode node, String name, Set<String> defined, Set<String> outer) {
        if (name.isEmpty() || defined.contains(name)) {
            return;
        }
        if (outer.contains(name)) {
            outerReads.add(name);
            return;
        }
        throw node == null ? new OnnxFormatException("graph output '" + name + "' is never computed")
                : node.error("input '" + name + "' is not computed before this node "
                        + "(undefined, or the graph is not in topological order)");
    }

    private void planReleases(Set<String> kept) {
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (String v : steps.get(i).inputs()) {
                lastUse.put(v, i);
            }
            for (String v : steps.get(i).outputs()) {
                lastUse.putIfAbsent(v, i);
            }
        }
        Set<String> keep = new HashSet<>(kept);
        keep.addAll(outputs);
        keep.addAll(constants.keySet());
        keep.addAll(outerReads);
        lastUse.forEach((value, step) -> {
            if (!value.isEmpty() && !keep.contains(value)) {
                steps.get(step).released().add(value);
            }
        });
    }

    /** The names this graph reads from enclosing graphs. */
    public Set<String> outerReads() {
        return outerReads;
    }

    /** The graph outputs, in order. */
    public List<String> outputs() {
        return outputs;
    }

    /** The number of nodes. */
    public int size() {
        return steps.size();
    }

    /**
     * Runs the graph.
     *
     * @param environment the graph inputs, the initialisers and any values of enclosing graphs it reads
     * @return the graph outputs by name, in order
     * @throws IllegalArgumentException naming the node, if one fails on the values it receives
     */
    public Map<String, Tensor> run(Map<String, Tensor> environment, ExecutionMode mode) {
        Map<String, Tensor> values = new HashMap<>(constants);
        values.putAll(environment);
        for (Step step : steps) {
            Tensor[] args = new Tensor[step.inputs().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = step.inputs()[i].isEmpty() ? null : values.get(step.inputs()[i]);
            }
            Tensor[] results;
            try {
                results = step.kernel().run(args, mode);
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException
                     | IndexOutOfBoundsException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new IllegalArgumentException(message.startsWith("node '") ? message
                        : step.node().describe() + ": " + message, e);
            }
            for (int i = 0; i < step.outputs().length; i++) {
                if (!step.outputs()[i].isEmpty()) {
                    values.put(step.outputs()[i], i < results.length ? results[i] : null);
                }
            }
            for (String v : step.released()) {
                values.remove(v);
            }
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (String name : outputs) {
            result.put(name, values.get(name));
        }
        return result;
    }

    /**
     * The If operator: runs {@code then_branch} or {@code else_branch} according to its one-element
     * bool condition. Its inputs are the condition followed by the values the branches read from
     * the enclosing graph.
     */
    private static final class IfKernel implements Kernel {
        private final OnnxNode node;
        private final CompiledGraph thenBranch;
        private final CompiledGraph elseBranch;
        private final List<String> outerReads;

        private IfKernel(OnnxNode node, CompiledGraph thenBranch, CompiledGraph elseBranch) {
            this.node = node;
            this.thenBranch = thenBranch;
            this.elseBranch = elseBranch;
            Set<String> reads = new LinkedHashSet<>(thenBranch.outerReads());
            reads.addAll(elseBranch.outerReads());
            this.outerReads = List.copyOf(reads);
        }

        static IfKernel compile(OnnxNode node, Set<String> visible) {
            GraphProto thenGraph = node.getGraph("then_branch");
            GraphProto elseGraph = node.getGraph("else_branch");
            node.checkAllAttributesRead();
            if (thenGraph == null || elseGraph == null) {
                throw node.error("attributes then_branch and else_branch are required");
            }
            CompiledGraph thenBranch = new CompiledGraph(thenGraph, node.opset(), Set.of(), visible, Set.of());
            CompiledGraph elseBranch = new CompiledGraph(elseGraph, node.opset(), Set.of(), visible, Set.of());
            if (thenBranch.outputs().size() != node.outputs().size() || elseBranch.outputs().size() != node.outputs().size()) {
                throw node.error("the branches must each produce the node's " + node.outputs().size() + " output(s)");
            }
            return new IfKernel(node, thenBranch, elseBranch);
        }

        List<String> outerReads() {
            return outerReads;
        }

        @Override
        public Tensor[] run(Tensor[] inputs, ExecutionMode mode) {
            double cond = Values.scalar(inputs[0], node, "cond");
            Map<String, Tensor> environment = new HashMap<>();
            for (int i = 0; i < outerReads.size(); i++) {
                environment.put(outerReads.get(i), inputs[1 + i]);
            }
            CompiledGraph branch = cond != 0 ? thenBranch : elseBranch;
            Map<String, Tensor> env = new HashMap<>();
            for (String name : branch.outerReads()) {
                env.put(name, environment.get(name));
            }
            return branch.run(env, mode).values().toArray(Tensor[]::new);
        }
    }
}
