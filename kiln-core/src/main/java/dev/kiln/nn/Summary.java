package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A torchinfo-like summary of a model: the modules in the order the forward pass runs them, nested
 * under the module that ran them, each with its output shape for a given input and its number of
 * parameters, then the totals of trainable and frozen (non-trainable) parameters.
 *
 * <p>The summary registers a pre-hook and a hook ({@link Module#registerForwardPreHook},
 * {@link Module#registerForwardHook}) on every module, runs one {@link Module#call(Tensor)} on the
 * input in evaluation mode (so running statistics are not updated and no dropout masks drawn; each
 * module's mode is restored afterwards) without recording a graph, and removes the hooks. A module
 * appears once per call (a block used twice is two rows). A custom module shows its children when its
 * {@code forward} runs them through {@code call}, as {@link Sequential} does; children run through
 * {@code forward} directly are inside their parent's row (its parameter count covers them).
 *
 * <pre>{@code
 * var mlp = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 256), new ReLU(), new Linear(256, 10));
 * System.out.println(mlp.summary(1, 784));   // Total params: 535,818
 * }</pre>
 *
 * @param modelName the model's class name
 * @param inputShape the shape of the input used
 * @param rows the model (depth 0) and every module called under it, in the order the calls began
 * @param totalParams parameter elements (a shared parameter counts once)
 * @param trainableParams elements of parameters that require grad
 * @param frozenParams elements of parameters that do not
 */
public record Summary(String modelName, int[] inputShape, List<Row> rows, long totalParams, long trainableParams,
        long frozenParams) {

    /**
     * One call of a module.
     *
     * @param name the dotted path ({@code features.0}; {@code ""} for the model itself)
     * @param type the module's class name
     * @param depth 0 for the model, 1 for a module its forward called, and so on
     * @param outputShape the output shape for the summary's input
     * @param params parameter elements of the module and its descendants
     * @param trainable of which trainable
     */
    public record Row(String name, String type, int depth, int[] outputShape, long params, long trainable) {
    }

    /**
     * Summarises {@code model} for a float32 zero input of {@code inputShape} (batch dimension included).
     *
     * @param model the model summarised
     * @param inputShape the shape of a float32 input, batch dimension included
     * @return the summary's rows, one per module call, and its totals
     */
    public static Summary of(Module model, int... inputShape) {
        return of(model, Tensor.zeros(inputShape));
    }

    /**
     * Summarises {@code model} for the example input (use an int64 one for an {@link Embedding}).
     *
     * @param model the model summarised
     * @param example an input the model accepts (an int64 one for an {@link Embedding}), batch dimension included
     * @return the summary's rows, one per module call, and its totals
     */
    public static Summary of(Module model, Tensor example) {
        Map<Module, String> paths = new IdentityHashMap<>();
        model.namedModules().forEach((path, m) -> paths.put(m, path));
        List<Row> rows = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();   // indices of the rows whose call has begun but not ended
        List<HookHandle> handles = new ArrayList<>();
        for (Module m : paths.keySet()) {
            handles.add(m.registerForwardPreHook((module, input) -> {
                open.push(rows.size());
                rows.add(null);
            }));
            handles.add(m.registerForwardHook((module, input, output) -> {
                int at = open.pop();
                long[] counts = parameterCounts(module);
                rows.set(at, new Row(paths.get(module), module.getClass().getSimpleName(), open.size(), output.shape(),
                        counts[0], counts[1]));
            }));
        }
        // evaluation mode, so that the pass updates no running statistics and draws no dropout masks
        List<Module> all = model.modules();
        boolean[] modes = new boolean[all.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = all.get(i).isTraining();
        }
        model.eval();
        try (var off = GradMode.disabled()) {
            model.call(example);
        } finally {
            handles.forEach(HookHandle::remove);
            for (int i = 0; i < modes.length; i++) {
                all.get(i).setTrainingFlag(modes[i]);
            }
        }
        long[] totals = parameterCounts(model);
        return new Summary(model.getClass().getSimpleName(), example.shape(), List.copyOf(rows), totals[0], totals[1],
                totals[0] - totals[1]);
    }

    /** Parameter elements of the module's subtree, each shared parameter once: {total, trainable}. */
    private static long[] parameterCounts(Module m) {
        long params = 0;
        long trainable = 0;
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : m.parameters()) {
            if (seen.add(p)) {
                params += p.numel();
                trainable += p.requiresGrad() ? p.numel() : 0;
            }
        }
        return new long[] {params, trainable};
    }

    /** The table, as torchinfo prints it: one line per call, indented under its caller. */
    @Override
    public String toString() {
        String[] head = {"Layer (type)", "Output shape", "Param #"};
        int w0 = head[0].length();
        int w1 = head[1].length();
        int w2 = head[2].length();
        List<String[]> cells = new ArrayList<>();
        List<String> callers = new ArrayList<>();   // callers.get(d): the path of the latest row at depth d
        for (Row r : rows) {
            callers.subList(Math.min(r.depth(), callers.size()), callers.size()).clear();
            callers.add(r.name());
            String caller = r.depth() == 0 ? "" : callers.get(r.depth() - 1);
            String local = !caller.isEmpty() && r.name().startsWith(caller + ".") ? r.name().substring(caller.length() + 1)
                    : r.name();
            String label = r.depth() == 0 ? r.type() : "│ ".repeat(r.depth() - 1) + "├─" + local + " (" + r.type() + ")";
            String[] c = {label, Shape.str(r.outputShape()),
                    String.format("%,d", r.params()) + (r.trainable() < r.params() && r.params() > 0 ? " (frozen "
                            + String.format("%,d", r.params() - r.trainable()) + ")" : "")};
            cells.add(c);
            w0 = Math.max(w0, c[0].length());
            w1 = Math.max(w1, c[1].length());
            w2 = Math.max(w2, c[2].length());
        }
        String fmt = "%-" + w0 + "s  %-" + w1 + "s  %" + w2 + "s%n";
        String rule = "=".repeat(w0 + w1 + w2 + 4);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(modelName).append(", input ").append(Shape.str(inputShape)).append('\n');
        sb.append(String.format(fmt, (Object[]) head)).append(rule).append('\n');
        for (String[] c : cells) {
            sb.append(String.format(fmt, (Object[]) c));
        }
        sb.append(rule).append('\n');
        sb.append("Param # counts a module with everything under it.\n");
        sb.append(String.format("Total params: %,d%n", totalParams));
        sb.append(String.format("Trainable params: %,d%n", trainableParams));
        sb.append(String.format("Non-trainable params: %,d%n", frozenParams));
        return sb.toString();
    }
}
