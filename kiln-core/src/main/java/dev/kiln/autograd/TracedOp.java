package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One operation seen by a {@link Trace}: its name, its tensor inputs (an absent optional input,
 * such as a bias turned off, is null), its non-tensor arguments and the tensor it returned.
 *
 * <p>Names are the lower-case names of the Kiln operations ({@code "add"}, {@code "conv2d"},
 * {@code "batch_norm"}, {@code "reshape"}, …); the attributes are the arguments that fix what the
 * operation computes ({@code stride}, {@code eps}, {@code dims}, …) as {@code Integer},
 * {@code Double}, {@code Boolean}, {@code String} or {@code int[]} values. {@link Trace} lists
 * every name with its attributes.
 *
 * @param name       the operation
 * @param inputs     its tensor inputs in the operation's argument order (entries may be null)
 * @param attributes its other arguments by name
 * @param output     the tensor it returned
 */
public record TracedOp(String name, List<Tensor> inputs, Map<String, Object> attributes, Tensor output) {

    /**
     * {@return the attribute {@code key}; throws naming the op when it was not recorded}
     *
     * @param key the attribute's name
     */
    public Object attribute(String key) {
        Object v = attributes.get(key);
        if (v == null) {
            throw new IllegalStateException(name + ": the trace has no attribute '" + key + "'");
        }
        return v;
    }

    /**
     * {@return the integer attribute {@code key}}
     *
     * @param key the attribute's name
     */
    public int intAttribute(String key) {
        return ((Number) attribute(key)).intValue();
    }

    /**
     * {@return the floating-point attribute {@code key}}
     *
     * @param key the attribute's name
     */
    public double doubleAttribute(String key) {
        return ((Number) attribute(key)).doubleValue();
    }

    /**
     * {@return the integer-array attribute {@code key} (a copy)}
     *
     * @param key the attribute's name
     */
    public int[] intsAttribute(String key) {
        return ((int[]) attribute(key)).clone();
    }

    /**
     * {@return the boolean attribute {@code key}}
     *
     * @param key the attribute's name
     */
    public boolean booleanAttribute(String key) {
        return (Boolean) attribute(key);
    }

    /**
     * {@return input {@code i} (null for an absent optional input)}
     *
     * @param i the input's index
     */
    public Tensor input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }
}
