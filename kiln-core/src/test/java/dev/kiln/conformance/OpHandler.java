package dev.kiln.conformance;

import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * Runs one conformance op: takes the case's inputs (a {@link Tensor}, or a {@code List<Tensor>}
 * for list inputs such as {@code cat}'s {@code tensors}; an absent optional input is missing from
 * the map) and its attrs (JSON values as {@link dev.kiln.io.Json} maps them), and returns the
 * named outputs ({@code "output"} for single-output ops).
 */
@FunctionalInterface
public interface OpHandler {
    /** Runs the op. */
    Map<String, Tensor> run(Map<String, Object> inputs, Map<String, Object> attrs);
}
