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
 */
final class Exporter {
    private Exporter() {
    }

    /** One recorded operation with, per input, the index of the operation that produced it (−1: none). */
    private record Step(TracedOp op, int[] producers) {
    }

    static ModelProto export(Module module, Tensor example, ExportOptions options) {
        if (example == null || example.dim() == 0) {
            throw new IllegalArgumentException("ONNX export: the example input must have at least one dimension (the batch)");
        }
        Tensor x = example.detach().clone();
        if (x.dtype().isFloatingPoint()) {
            x.requiresGrad(true);
        }
        Tensor y;
        List<TracedOp> ops;
        List<Module> all = module.modules();
        boolean[] modes = new boolean[all.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = all.get(i).isTraining();
        }
        module.eval();
        try (var grad = GradMode.enabled(); Trace trace = Trace.start()) {
            y = module.forward(x);
            ops = List.copyOf(trace.ops());
        } finally {
            for (int i = 0; i < modes.length; i++) {
                all.get(i).train(modes[i]);
            }
        }
        return build(module, x, y, ops, options);
    }

    private static ModelProto build(Module module, Tensor x, Tensor y, List<TracedOp> ops, ExportOptions options) {
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
                inputs.add(in == null ? "" : s.producers()[j] >= 0 ? valueOf[s.producers()[j]] : source(in, s.op(), sources,
                        stateNames, g));
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

    /** The graph name of a tensor no recorded operation produced: input, parameter, buffer or constant. */
    private static String source(Tensor t, TracedOp user, Map<Tensor, String> sources, Map<Tensor, String> stateNames,
            GraphBuilder g) {
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
        } else {
            name = g.constant(t.detach());
        }
        sources.put(t, name);
        return name;
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
