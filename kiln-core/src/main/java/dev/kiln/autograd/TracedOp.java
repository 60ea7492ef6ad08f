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

    /** The attribute {@code key}; throws naming the op when it was not recorded. */
    public Object attribute(String key) {
        Object v = attributes.get(key);
        if (v == null) {
            throw new IllegalStateException(name + ": the trace has no attribute '" + key + "'");
        }
        return v;
    }

    /** The integer attribute {@code key}. */
    public int intAttribute(String key) {
        return ((Number) attribute(key)).intValue();
    }

    /** The floating-point attribute {@code key}. */
    public double doubleAttribute(String key) {
        return ((Number) attribute(key)).doubleValue();
    }

    /** The integer-array attribute {@code key} (a copy). */
    public int[] intsAttribute(String key) {
        return ((int[]) attribute(key)).clone();
    }

    /** The boolean attribute {@code key}. */
    public boolean booleanAttribute(String key) {
        return (Boolean) attribute(key);
    }

    /** Input {@code i} (null for an absent optional input). */
    public Tensor input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }
}
