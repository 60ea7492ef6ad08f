package dev.kiln.onnx;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.TracedOp;
import dev.kiln.nn.Module;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
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
 *   <li>The module runs once in evaluation mode on a copy of the example, under a {@link Trace}
 *       and with gradients on (the copy requires grad, so that every value computed from it
 *       carries its autograd node: a value the trace did not see is then recognised and refused
 *       instead of being frozen into a constant).</li>
 *   <li>Each recorded operation takes its inputs from the operation that last produced each input
 *       tensor (a composite operation recorded after its parts replaces them). Tensors no operation
 *       produced are the graph input, parameters and buffers (initialisers named by their
 *       state-dict keys), or constants.</li>
 *   <li>Only the operations the output depends on are written, in execution order, each by
 *       {@link OpConverter}.</li>
 * </ol>
 * A second trace on another input of the same shape checks the first: the same operations must
 * run, and every constant must come out the same (a value computed from the input outside the
 * trace, which has no autograd node, such as an argmax, would otherwise be frozen into the file).
 */
final class Exporter {
    private Exporter() {
    }

    /** One recorded operation with, per input, the index of the operation that produced it (−1: none). */
    private record Step(TracedOp op, int[] producers) {
    }

    /** One traced forward pass: the input it ran on, its output, the operations in order. */
    private record Run(Tensor x, Tensor y, List<TracedOp> ops) {
    }

    static ModelProto export(Module module, Tensor example, ExportOptions options) {
        if (example == null || example.dim() == 0) {
            throw new IllegalArgumentException("ONNX export: the example input must have at least one dimension (the batch)");
        }
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
            probe = trace(module, probeInput(example));
        } finally {
            for (int i = 0; i < modes.length; i++) {
                all.get(i).train(modes[i]);
            }
        }
        return build(module, run, probe, options);
    }

    private static Run trace(Module module, Tensor input) {
        Tensor x = input.detach().clone();
        if (x.dtype().isFloatingPoint()) {
            x.requiresGrad(true);
        }
        try (var grad = GradMode.enabled(); Trace trace = Trace.start()) {
            Tensor y = module.forward(x);
            return new Run(x, y, List.copyOf(trace.ops()));
        }
    }

    /**
     * A second input of the example's shape with other values: the elements in reverse order and,
     * for floats, mapped by 0.5·x + 0.75 (so that neither an order nor a sign is preserved). A
     * constant of the first trace that differs in the second was computed from the input by
     * something the trace did not see.
     */
    private static Tensor probeInput(Tensor example) {
        Tensor x = example.detach().flatten().flip(0).reshape(example.shape());
        return x.dtype().isFloatingPoint() ? x.mul(0.5).add(0.75) : x;
    }

    private static ModelProto build(Module module, Run run, Run probe, ExportOptions options) {
        Tensor x = run.x();
        Tensor y = run.y();
        List<TracedOp> ops = run.ops();
        checkSamePath(ops, probe.ops());
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
        stateNames.keySet().forEach(t -> g.reserve(stateNames.get(t)));

        int batch = x.size(0);
        OpConverter converter = new OpConverter(g, options.batch() == ExportOptions.Batch.DYNAMIC, batch);
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
                        : source(in, probe.ops().get(i).input(j), s.op(), sources, stateNames, g));
            }
            boolean isOutput = last != null && i == last;
            if (s.op().name().equals("identity") && !isOutput) {
                valueOf[i] = inputs.get(0);
                continue;
            }
            String out = isOutput ? options.outputName() : g.fresh(s.op().name());
            converter.convert(s.op(), inputs, out);
            valueOf[i] = out;
        }
        if (last == null) {
            g.node("Identity", List.of(options.inputName()), options.outputName());
        }

        boolean dynamic = options.batch() == ExportOptions.Batch.DYNAMIC;
        GraphProto graph = GraphProto.newBuilder()
                .setName(module.getClass().getSimpleName().isEmpty() ? "model" : module.getClass().getSimpleName())
                .addInput(valueInfo(options.inputName(), x, dynamic, batch))
                .addOutput(valueInfo(options.outputName(), y, dynamic, batch))
                .addAllInitializer(g.initializers())
                .addAllNode(g.nodes())
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(options.irVersion())
                .setProducerName("kiln")
                .setProducerVersion(Onnx.class.getPackage().getImplementationVersion() == null ? "dev"
                        : Onnx.class.getPackage().getImplementationVersion())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(graph)
                .build();
    }

    /**
     * The graph name of a tensor no recorded operation produced: input, parameter, buffer or
     * constant; {@code probed} is the same argument in the trace on the probe input.
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
        } else if (probed == null || !Arrays.equals(t.shape(), probed.shape())
                || !Arrays.equals(t.toDoubleArray(), probed.toDoubleArray())) {
            throw new OnnxExportException("ONNX export: '" + user.name() + "' takes a value of shape " + Shape.str(t.shape())
                    + " that changes with the input but was computed by an operation the tracer does not record"
                    + " (an index or comparison taken outside Kiln's tensor operations, say); it cannot be exported");
        } else {
            name = g.constant(t.detach());
        }
        sources.put(t, name);
        return name;
    }

    /** Refuses a forward pass whose sequence of operations depends on the input's values. */
    private static void checkSamePath(List<TracedOp> ops, List<TracedOp> probe) {
        for (int i = 0; i < Math.max(ops.size(), probe.size()); i++) {
            String a = i < ops.size() ? ops.get(i).name() : "(end)";
            String b = i < probe.size() ? probe.get(i).name() : "(end)";
            if (!a.equals(b)) {
                throw new OnnxExportException("ONNX export: the forward pass runs different operations for different input "
                        + "values (operation " + i + " is '" + a + "' for the example and '" + b + "' for another input); "
                        + "a trace cannot capture control flow that depends on the values");
            }
        }
    }

    private static ValueInfoProto valueInfo(String name, Tensor t, boolean dynamic, int batch) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        int[] dims = t.shape();
        for (int i = 0; i < dims.length; i++) {
            if (i == 0 && dynamic && dims[0] == batch) {
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
