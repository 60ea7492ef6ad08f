package dev.kiln.nn.init;

import dev.kiln.nn.functional.PyTorchName;

/**
 * The non-linearity that follows a layer, which sets the recommended initialisation gain
 * ({@link Init#calculateGain(Nonlinearity)}), as PyTorch's {@code nonlinearity} argument names it.
 *
 * <pre>{@code
 * Init.kaimingNormal(conv.weight(), 0, FanMode.FAN_OUT, Nonlinearity.RELU);
 * }</pre>
 */
public enum Nonlinearity implements PyTorchName {
    /** No non-linearity: gain 1. */
    LINEAR,
    /** A 1-D convolution with nothing after it: gain 1. */
    CONV1D,
    /** A 2-D convolution with nothing after it: gain 1. */
    CONV2D,
    /** A 3-D convolution with nothing after it: gain 1. */
    CONV3D,
    /** A 1-D transposed convolution: gain 1. */
    CONV_TRANSPOSE1D,
    /** A 2-D transposed convolution: gain 1. */
    CONV_TRANSPOSE2D,
    /** A 3-D transposed convolution: gain 1. */
    CONV_TRANSPOSE3D,
    /** The logistic sigmoid: gain 1. */
    SIGMOID,
    /** tanh: gain 5/3. */
    TANH,
    /** ReLU: gain √2. */
    RELU,
    /** Leaky ReLU with negative slope a: gain √(2/(1 + a²)). */
    LEAKY_RELU,
    /** SELU: gain 3/4 (the value PyTorch uses, for self-normalising networks). */
    SELU;

    /**
     * {@return the recommended gain; {@code negativeSlope} is used by {@link #LEAKY_RELU} only}
     *
     * @param negativeSlope the negative slope a of a leaky ReLU (PyTorch's default is 0.01)
     */
    public double gain(double negativeSlope) {
        return switch (this) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            case SELU -> 3.0 / 4;
        };
    }

    /**
     * Parses PyTorch's name ({@code "relu"}, {@code "leaky_relu"}, {@code "conv_transpose2d"}…), for
     * readers of user text (model specs, the command line).
     *
     * @param name the name as PyTorch spells it, in any case
     * @return the non-linearity of that name
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static Nonlinearity parse(String name) {
        return PyTorchName.parse(Nonlinearity.class, "nonlinearity", name);
    }
}
