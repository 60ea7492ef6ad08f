package dev.kiln.autograd;

/**
 * The options of {@link Autograd#grad}, named as PyTorch's {@code torch.autograd.grad} arguments.
 *
 * <pre>{@code
 * GradOptions.DEFAULT.createGraph(true).allowUnused(true)
 * }</pre>
 *
 * @param retainGraph keep the graph's saved tensors so that it can be differentiated again
 *     ({@code retain_graph}; PyTorch's default is the value of {@code create_graph})
 * @param createGraph record the gradient computation itself, so that the returned gradients can
 *     be differentiated (higher-order derivatives; {@code create_graph})
 * @param allowUnused return null (or zeros with {@code materializeGrads}) for an input the
 *     outputs do not depend on, instead of failing ({@code allow_unused})
 * @param materializeGrads return zeros instead of null for unused inputs ({@code materialize_grads})
 */
public record GradOptions(boolean retainGraph, boolean createGraph, boolean allowUnused, boolean materializeGrads) {
    /** PyTorch's defaults: everything off. */
    public static final GradOptions DEFAULT = new GradOptions(false, false, false, false);

    /**
     * These options with {@code retain_graph} set.
     *
     * @param value the new setting
     * @return new options
     */
    public GradOptions retainGraph(boolean value) {
        return new GradOptions(value, createGraph, allowUnused, materializeGrads);
    }

    /**
     * These options with {@code create_graph} set; turning it on also retains the graph, as in PyTorch.
     *
     * @param value the new setting
     * @return new options
     */
    public GradOptions createGraph(boolean value) {
        return new GradOptions(retainGraph || value, value, allowUnused, materializeGrads);
    }

    /**
     * These options with {@code allow_unused} set.
     *
     * @param value the new setting
     * @return new options
     */
    public GradOptions allowUnused(boolean value) {
        return new GradOptions(retainGraph, createGraph, value, materializeGrads);
    }

    /**
     * These options with {@code materialize_grads} set (which implies {@code allow_unused}).
     *
     * @param value the new setting
     * @return new options
     */
    public GradOptions materializeGrads(boolean value) {
        return new GradOptions(retainGraph, createGraph, allowUnused || value, value);
    }
}
