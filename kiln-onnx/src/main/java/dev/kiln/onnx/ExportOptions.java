package dev.kiln.onnx;

import java.util.Objects;

/**
 * How {@link Onnx#export} writes a model.
 *
 * <pre>{@code
 * Onnx.export(model, Tensor.randn(1, 1, 28, 28), Path.of("model.onnx"));                      // defaults
 * Onnx.export(model, x, path, ExportOptions.defaults().withOpset(13).withBatch(ExportOptions.Batch.FIXED));
 * }</pre>
 *
 * @param opset      the ONNX operator-set version of the default domain, {@value #MIN_OPSET}–{@value #MAX_OPSET}
 *                   (default {@value #DEFAULT_OPSET}); operators newer than the opset are written as their
 *                   decomposition (LayerNormalization before 17, Mish before 18, Gelu before 20, …)
 * @param inputName  the name of the graph input (default {@code "input"})
 * @param outputName the name of the graph output (default {@code "output"})
 * @param batch      whether the first dimension of input and output is symbolic ({@code "N"}, any batch
 *                   size; the default) or fixed to the example's
 */
public record ExportOptions(int opset, String inputName, String outputName, Batch batch) {
    /** The opset written unless another is asked for. */
    public static final int DEFAULT_OPSET = 17;
    /** The oldest opset the exporter writes. */
    public static final int MIN_OPSET = 13;
    /** The newest opset the exporter writes. */
    public static final int MAX_OPSET = 21;

    /** The first dimension of the graph's input and output. */
    public enum Batch {
        /** A symbolic dimension: the model runs on any batch size. */
        DYNAMIC,
        /** The example input's batch size, fixed. */
        FIXED
    }

    /** Validates the options. */
    public ExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("ONNX export: opset " + opset + " is not supported (choose " + MIN_OPSET
                    + " to " + MAX_OPSET + ")");
        }
        Objects.requireNonNull(batch, "batch");
        if (inputName == null || inputName.isBlank() || outputName == null || outputName.isBlank()) {
            throw new IllegalArgumentException("ONNX export: input and output names must be non-empty");
        }
        if (inputName.equals(outputName)) {
            throw new IllegalArgumentException("ONNX export: input and output need different names, both are '" + inputName + "'");
        }
    }

    /** Opset {@value #DEFAULT_OPSET}, names {@code input} and {@code output}, a dynamic batch dimension. */
    public static ExportOptions defaults() {
        return new ExportOptions(DEFAULT_OPSET, "input", "output", Batch.DYNAMIC);
    }

    /** These options with another opset. */
    public ExportOptions withOpset(int opset) {
        return new ExportOptions(opset, inputName, outputName, batch);
    }

    /** These options with other input and output names. */
    public ExportOptions withNames(String inputName, String outputName) {
        return new ExportOptions(opset, inputName, outputName, batch);
    }

    /** These options with the batch dimension dynamic or fixed. */
    public ExportOptions withBatch(Batch batch) {
        return new ExportOptions(opset, inputName, outputName, batch);
    }

    /**
     * The ONNX IR version that goes with the opset: 8 up to opset 18, 9 for 19–20, 10 for 21 (the
     * pairs of the ONNX releases that introduced them).
     */
    public int irVersion() {
        return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }
}
