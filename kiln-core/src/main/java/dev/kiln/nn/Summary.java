package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras-like summary of a model: each layer with its output shape for a given input, its number
 * of parameters, and the totals of trainable and frozen (non-trainable) parameters.
 *
 * <p>The summary runs one forward pass on a zero input in evaluation mode (so running statistics
 * are not updated and no dropout masks drawn; each module's mode is restored afterwards) without
 * recording a graph. Inside a
 * {@link Sequential} every child is a row with its own output shape; any other module with
 * children is one row (its output shape and the parameters of its whole subtree), because its
 * forward may use its children in any order.
 *
 * <pre>{@code
 * var mlp = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 256), new ReLU(), new Linear(256, 10));
 * System.out.println(mlp.summary(1, 784));   // Total params: 535,818
 * }</pre>
 *
 * @param modelName the model's class name
 * @param inputShape the shape of the input used
 * @param rows one per layer, in forward order
 * @param totalParams parameter elements (a shared parameter counts once)
 * @param trainableParams elements of parameters that require grad
 * @param frozenParams elements of parameters that do not
 */
public record Summary(String modelName, int[] inputShape, List<Row> rows, long totalParams, long trainableParams,
        long frozenParams) {

    /**
     * One layer.
     *
     * @param name the dotted path ({@code features.0})
     * @param type the module's class name
     * @param outputShape the output shape for the summary's input
     * @param params parameter elements of the module and its descendants
     * @param trainable of which trainable
     */
    public record Row(String name, String type, int[] outputShape, long params, long trainable) {
    }

    /** Summarises {@code model} for a float32 zero input of {@code inputShape} (batch dimension included). */
    public static Summary of(Module model, int... inputShape) {
        return of(model, Tensor.zeros(inputShape));
    }

    /** Summarises {@code model} for the example input (use an int64 one for an {@link Embedding}). */
    public static Summary of(Module model, Tensor example) {
        List<Row> rows = new ArrayList<>();
        // evaluation mode, so that the pass updates no running statistics and draws no dropout masks
        List<Module> all = model.modules();
        boolean[] modes = new boolean[all.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = all.get(i).isTraining();
        }
        model.eval();
        try (var off = GradMode.disabled()) {
            trace(model, "", example, rows);
        } finally {
            for (int i = 0; i < modes.length; i++) {
                all.get(i).setTrainingFlag(modes[i]);
            }
        }
        long total = 0;
        long trainable = 0;
        for (Tensor p : model.parameters()) {
            total += p.numel();
            if (p.requiresGrad()) {
                trainable += p.numel();
            }
        }
        return new Summary(model.getClass().getSimpleName(), example.shape(), Collections.unmodifiableList(rows), total,
                trainable, total - trainable);
    }

    private static Tensor trace(Module m, String name, Tensor x, List<Row> rows) {
        if (m instanceof Sequential seq) {
            for (Map.Entry<String, Module> e : seq.namedChildren().entrySet()) {
                x = trace(e.getValue(), name.isEmpty() ? e.getKey() : name + "." + e.getKey(), x, rows);
            }
            return x;
        }
        Tensor y = m.forward(x);
        long params = 0;
        long trainable = 0;
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : m.parameters()) {
            if (seen.add(p)) {
                params += p.numel();
                trainable += p.requiresGrad() ? p.numel() : 0;
            }
        }
        rows.add(new Row(name.isEmpty() ? m.getClass().getSimpleName() : name, m.getClass().getSimpleName(), y.shape(),
                params, trainable));
        return y;
    }

    /** The table, as Keras prints it. */
    @Override
    public String toString() {
        String[] head = {"Layer (type)", "Output shape", "Param #"};
        int w0 = head[0].length();
        int w1 = head[1].length();
        int w2 = head[2].length();
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] c = {r.name().equals(r.type()) ? r.type() : r.name() + " (" + r.type() + ")", Shape.str(r.outputShape()),
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
        sb.append(String.format("Total params: %,d%n", totalParams));
        sb.append(String.format("Trainable params: %,d%n", trainableParams));
        sb.append(String.format("Non-trainable params: %,d%n", frozenParams));
        return sb.toString();
    }
}
