package dev.kiln.onnx;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.TracedOp;
import dev.kiln.nn.Module;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.kiln.onnx.proto.OnnxProto.TensorShapeProto;
import dev.kiln.onnx.proto.OnnxProto.TypeProto;
import dev.kiln.onnx.proto.OnnxProto.ValueInfoProto;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one traced forward pass into an ONNX model.
 *
 * <ol>
 *   <li>The module runs in evaluation mode on a copy of the example, under a {@link Trace} and
 *       with gradients on (the copy requires grad, so that every value computed from it carries
 *       its autograd node: a value the trace did not see is then recognised and refused instead of
 *       being frozen into a constant).</li>
 *   <li>Each recorded operation takes its inputs from the operation that last produced each input
 *       tensor (a composite operation recorded after its parts replaces them). Tensors no operation
 *       produced are the graph input, parameters and buffers (initialisers named by their
 *       state-dict keys), or constants.</li>
 *   <li>Only the operations the output depends on are written, in execution order, each by
 *       {@link OpConverter}.</li>
 * </ol>
 *
 * <p>A second trace on a probe input checks the first. The probe has other values (the example's
 * reversed and, for floats, moved) and, with a dynamic batch, one more sample. The same operations
 * must run (no control flow on values); every constant must come out the same (a value computed
 * from the input outside the traced operations, such as an argmax, would otherwise be frozen into
 * the file; a tensor made in {@code forward} with the batch size in its shape would fix the batch);
 * and the probe's graph must be the same nodes with the same attributes (a shape the exporter
 * could not write relative to the batch would differ).
 */
final class Exporter {
    private Exporter() {
    }

    /** One traced forward pass: the input it ran on, its output, the operations in order. */
    private record Run(Tensor x, Tensor y, List<TracedOp> ops) {
    }

    /** One recorded operation with, per input, the index of the operation that produced it (−1: none). */
    private record Step(TracedOp op, int[] producers) {
    }

    static ModelProto export(Module module, Tensor example, ExportOptions options) {
        if (example == null || example.dim() == 0) {
            throw new IllegalArgumentException("ONNX export: the example input must have at least one dimension (the batch)");
        }
        boolean dynamic = options.batch() == ExportOptions.Batch.DYNAMIC;
        List<Module> all = module.modules();
        boolean[] modes = new boolean[all.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = all.get(i).isTraining();
        }
        module.eval();
        Run run;
        Run probe;
        try {
            run = trace(module, example);
            probe = trace(module, probeInput(example, dynamic));
        } finally {
            for (int i = 0; i < modes.length; i++) {
                all.get(i).train(modes[i]);
            }
        }
        checkSamePath(run.ops(), probe.ops());
        GraphBuilder graph = buildGraph(module, run, probe, true, options);
        GraphBuilder probeGraph = buildGraph(module, probe, run, false, options);
        checkSameGraph(graph, probeGraph, dynamic);

        int batch = run.x().size(0);
        boolean batchOut = dynamic && run.y().dim() > 0 && probe.y().dim() > 0 && run.y().size(0) == batch
                && probe.y().size(0) == probe.x().size(0);
        GraphProto proto = GraphProto.newBuilder()
                .setName(module.getClass().getSimpleName().isEmpty() ? "model" : module.getClass().getSimpleName())
                .addInput(valueInfo(options.inputName(), run.x(), dynamic))
                .addOutput(valueInfo(options.outputName(), run.y(), batchOut))
                .addAllInitializer(graph.initializers())
                .addAllNode(graph.nodes())
                .build();
        String version = Onnx.class.getPackage().getImplementationVersion();
        return ModelProto.newBuilder()
                .setIrVersion(options.irVersion())
                .setProducerName("kiln")
                .setProducerVersion(version == null ? "dev" : version)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(proto)
                .build();
    }

    private static Run trace(Module module, Tensor input) {
        Tensor x = input.detach().clone();
        if (x.dtype().isFloatingPoint()) {
            x.requiresGrad(true);
        }
        try (var grad = GradMode.enabled()) {
            Trace.Recording<Tensor> run = Trace.record(() -> module.forward(x));
            return new Run(x, run.result(), run.ops());
        }
    }

    /**
     * The probe input: the example's elements in reverse order, for floats mapped by 0.5·x + 0.75
     * (so that neither an order nor a sign is kept), and with a dynamic batch one more sample
     * (a copy of the first).
     */
    private static Tensor probeInput(Tensor example, boolean extraSample) {
        Tensor x = example.detach().flatten().flip(0).reshape(example.shape());
        if (x.dtype().isFloatingPoint()) {
            x = x.mul(0.5).add(0.75);
        }
        return extraSample ? Tensor.cat(List.of(x, x.narrow(0, 0, 1)), 0) : x;
    }

    /**
     * The nodes and initialisers for {@code run}. {@code other} is the other trace: its shapes tell
     * which dimensions follow the batch, and with {@code checkConstants} its constants must equal
     * {@code run}'s.
     */
    private static GraphBuilder buildGraph(Module module, Run run, Run other, boolean checkConstants, ExportOptions options) {
        Tensor x = run.x();
        Tensor y = run.y();
        List<TracedOp> ops = run.ops();
        Map<Tensor, Integer> producer = new IdentityHashMap<>();
        List<Step> steps = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            TracedOp op = ops.get(i);
            int[] from = new int[op.inputs().size()];
            for (int j = 0; j < from.length; j++) {
                Tensor in = op.inputs().get(j);
                from[j] = in == null ? -1 : producer.getOrDefault(in, -1);
            }
            steps.add(new Step(op, from));
            producer.put(op.output(), i);
        }
        Integer last = producer.get(y);
        if (last == null && y != x) {
            throw new OnnxExportException("ONNX export: the model's output " + Shape.str(y.shape()) + " was not computed by an "
                    + "operation the tracer records" + (y.gradFn() == null ? "" : " (it comes from '" + y.gradFn().name() + "')"));
        }
        boolean[] needed = new boolean[steps.size()];
        Deque<Integer> work = new ArrayDeque<>();
        if (last != null) {
            work.push(last);
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            if (!needed[i]) {
                needed[i] = true;
                for (int p : steps.get(i).producers()) {
                    if (p >= 0) {
                        work.push(p);
                    }
                }
            }
        }

        GraphBuilder g = new GraphBuilder(options.opset());
        g.reserve(options.inputName());
        g.reserve(options.outputName());
        Map<Tensor, String> sources = new IdentityHashMap<>();
        sources.put(x, options.inputName());
        Map<Tensor, String> stateNames = new IdentityHashMap<>();
        module.namedParameters().forEach((k, v) -> stateNames.putIfAbsent(v, k));
        module.namedBuffers().forEach((k, v) -> stateNames.putIfAbsent(v, k));
        stateNames.values().forEach(g::reserve);

        OpConverter converter = new OpConverter(g);
        String[] valueOf = new String[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            if (!needed[i]) {
                continue;
            }
            Step s = steps.get(i);
            List<String> inputs = new ArrayList<>(s.producers().length);
            for (int j = 0; j < s.producers().length; j++) {
                Tensor in = s.op().inputs().get(j);
                inputs.add(in == null ? "" : s.producers()[j] >= 0 ? valueOf[s.producers()[j]]
                        : source(in, checkConstants ? other.ops().get(i).input(j) : null, s.op(), sources, stateNames, g));
            }
            boolean isOutput = last != null && i == last;
            if (s.op().name().equals("identity") && !isOutput) {
                valueOf[i] = inputs.get(0);
                continue;
            }
            String out = isOutput ? options.outputName() : g.fresh(s.op().name());
            converter.convert(s.op(), other.ops().get(i), inputs, out);
            valueOf[i] = out;
        }
        if (last == null) {
            g.node("Identity", List.of(options.inputName()), options.outputName());
        }
        return g;
    }

    /**
     * The graph name of a tensor no recorded operation produced: input, parameter, buffer or
     * constant. {@code probed} is the same argument in the check run (null: no check).
     */
    private static String source(Tensor t, Tensor probed, TracedOp user, Map<Tensor, String> sources,
            Map<Tensor, String> stateNames, GraphBuilder g) {
        String known = sources.get(t);
        if (known != null) {
            return known;
        }
        String name;
        if (stateNames.containsKey(t)) {
            name = g.initializer(stateNames.get(t), t.detach());
        } else if (t.gradFn() != null) {
            throw new OnnxExportException("ONNX export: '" + user.name() + "' takes a value of shape " + Shape.str(t.shape())
                    + " computed by '" + t.gradFn().name() + "', an operation the tracer does not record; it cannot be exported");
        } else if (probed != null && !sameLeadingValues(t, probed)) {
            throw new OnnxExportException("ONNX export: '" + user.name() + "' takes a value of shape " + Shape.str(t.shape())
                    + " that changes with the input but was computed by an operation the tracer does not record"
                    + " (an index or comparison taken outside Kiln's tensor operations, say); it cannot be exported");
        } else if (probed != null && !Arrays.equals(t.shape(), probed.shape())) {
            throw new OnnxExportException("ONNX export: '" + user.name() + "' takes a constant of shape " + Shape.str(t.shape())
                    + " that depends on the batch size (" + Shape.str(probed.shape()) + " for another batch); export with "
                    + "a fixed batch (ExportOptions.Batch.FIXED)");
        } else {
            name = g.constant(t.detach());
        }
        sources.put(t, name);
        return name;
    }

    /**
     * True when {@code probed} holds {@code t}'s values: the same shape and values, or, for a
     * constant that grows with the batch, {@code t}'s values in its first rows.
     */
    private static boolean sameLeadingValues(Tensor t, Tensor probed) {
        int[] a = t.shape();
        int[] b = probed.shape();
        if (Arrays.equals(a, b)) {
            return Arrays.equals(t.toDoubleArray(), probed.toDoubleArray());
        }
        boolean growsWithBatch = a.length == b.length && a.length > 0 && b[0] > a[0]
                && Arrays.equals(Arrays.copyOfRange(a, 1, a.length), Arrays.copyOfRange(b, 1, b.length));
        return growsWithBatch && Arrays.equals(t.toDoubleArray(), probed.narrow(0, 0, a[0]).toDoubleArray());
    }

    /** Refuses a forward pass whose sequence of operations depends on the input's values or batch size. */
    private static void checkSamePath(List<TracedOp> ops, List<TracedOp> probe) {
        for (int i = 0; i < Math.max(ops.size(), probe.size()); i++) {
            String a = i < ops.size() ? ops.get(i).name() : "(end)";
            String b = i < probe.size() ? probe.get(i).name() : "(end)";
            if (!a.equals(b)) {
                throw new OnnxExportException("ONNX export: the forward pass runs different operations for different inputs "
                        + "(operation " + i + " is '" + a + "' for the example and '" + b + "' for another input); "
                        + "a trace cannot capture control flow that depends on the values");
            }
        }
    }

    /**
     * Refuses a graph whose nodes or constants differ between the example's trace and the probe's:
     * with a dynamic batch, a shape fixed to the batch size; otherwise a value taken from the input
     * outside the traced operations.
     */
    private static void checkSameGraph(GraphBuilder graph, GraphBuilder probe, boolean dynamic) {
        String why = dynamic ? "depends on the batch size; export with a fixed batch (ExportOptions.Batch.FIXED)"
                : "changes with the input values but comes from outside the traced operations; it cannot be exported";
        List<NodeProto> a = graph.nodes();
        List<NodeProto> b = probe.nodes();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                throw new OnnxExportException("ONNX export: node '" + a.get(i).getName() + "' (" + a.get(i).getOpType() + " to '"
                        + a.get(i).getOutput(0) + "') has attributes or constants that " + why);
            }
        }
        if (a.size() != b.size() || graph.initializers().size() != probe.initializers().size()) {
            throw new OnnxExportException("ONNX export: the graph " + why);
        }
        for (int i = 0; i < graph.initializers().size(); i++) {
            var t = graph.initializers().get(i);
            var u = probe.initializers().get(i);
            if (!t.getDimsList().equals(u.getDimsList()) || !t.getRawData().equals(u.getRawData())) {
                throw new OnnxExportException("ONNX export: the constant '" + t.getName() + "' of shape " + t.getDimsList() + " " + why);
            }
        }
    }

    private static ValueInfoProto valueInfo(String name, Tensor t, boolean symbolicBatch) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        int[] dims = t.shape();
        for (int i = 0; i < dims.length; i++) {
            if (i == 0 && symbolicBatch) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
            }
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(GraphBuilder.dataType(t.dtype()).getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
