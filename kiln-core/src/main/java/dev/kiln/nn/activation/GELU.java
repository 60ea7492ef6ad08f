package dev.kiln.nn.activation;

import dev.kiln.nn.functional.PyTorchName;
import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/**
 * GELU, exact or with the tanh approximation. Module form of {@link Activations#gelu(Tensor, Approximation)}.
 *
 * <pre>{@code
 * var exact = new GELU();
 * var fast = new GELU(GELU.Approximation.TANH);
 * }</pre>
 */
public final class GELU extends Module {
    /** How GELU is computed: PyTorch's {@code approximate} argument. */
    public enum Approximation implements PyTorchName {
        /** The exact form x·Φ(x), with Φ the standard normal CDF (PyTorch's {@code "none"}). */
        NONE,
        /** 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's {@code "tanh"}). */
        TANH;

        /**
         * Parses {@code "none"} or {@code "tanh"} (any case), for readers of user text and model files.
         *
         * @param name the PyTorch name
         * @return the approximation of that name
         * @throws IllegalArgumentException naming the accepted values when the name is unknown
         */
        public static Approximation parse(String name) {
            return PyTorchName.parse(Approximation.class, "gelu: approximate", name);
        }
    }

    private final Approximation approximate;

    /**
     * GELU computed as {@code approximate} says.
     *
     * @param approximate {@link Approximation#NONE} for the exact erf form, {@link Approximation#TANH} for the tanh approximation
     */
    public GELU(Approximation approximate) {
        this.approximate = java.util.Objects.requireNonNull(approximate, "approximate");
    }

    /** The exact GELU (PyTorch's default, approximate='none'). */
    public GELU() {
        this(Approximation.NONE);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.gelu(input, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate.pytorchName() + "'";
    }
}
