package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * A saved optimiser state: named tensors (for a safetensors file) and a JSON-ready map of the
 * scalars and hyper-parameters (see {@link Optimizer#stateDict()}).
 *
 * @param tensors the state tensors, keyed {@code state.<param index>.<name>}
 * @param json the step counts and parameter groups, made of maps, lists, numbers, booleans and strings
 */
public record OptimizerStateDict(Map<String, Tensor> tensors, Map<String, Object> json) {
}
