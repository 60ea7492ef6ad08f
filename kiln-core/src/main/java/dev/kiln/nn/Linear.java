package dev.kiln.nn;

import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.nn.functional.FusedLinearInference;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * A fully connected layer: y = x·Wᵀ + b.
 *
 * <p>Shapes: input (…, in_features), weight (out_features, in_features), bias (out_features),
 * output (…, out_features).
 *
 * <pre>{@code
 * var fc = new Linear(784, 10);
 * Tensor logits = fc.forward(Tensor.randn(32, 784));   // (32, 10)
 * }</pre>
 */
public class Linear extends Module {
    /**
     * The settings of a {@link Linear} (and a {@link Bilinear}) layer beyond its sizes, with
     * PyTorch's defaults; {@code with…} returns a changed copy.
     *
     * <pre>{@code
     * var noBias = new Linear(512, 10, Linear.Options.defaults().withBias(false));
     * }</pre>
     *
     * @param bias whether to learn an additive bias
     */
    public record Options(boolean bias) {
        /**
         * {@return PyTorch's defaults: with a bias}
         */
        public static Options defaults() {
            return new Options(true);
        }

        /**
         * {@return a copy with or without the bias}
         *
         * @param v whether to learn an additive bias
         */
        public Options withBias(boolean v) {
            return new Options(v);
        }
    }

    private final int inFeatures;
    private final int outFeatures;
    /** The forward kernel with its inference copy of Wᵀ. */
    private final FusedLinearInference kernel = new FusedLinearInference();

    /**
     * A layer with a bias, initialised from the default generator.
     *
     * @param inFeatures the size of each input sample's last dimension
     * @param outFeatures the size of each output sample's last dimension
     */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, Options.defaults(), Kiln.defaultGenerator());
    }

    /**
     * A layer with a bias, initialised from {@code g}.
     *
     * @param inFeatures the size of each input sample's last dimension
     * @param outFeatures the size of each output sample's last dimension
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public Linear(int inFeatures, int outFeatures, Generator g) {
        this(inFeatures, outFeatures, Options.defaults(), g);
    }

    /**
     * A layer with the given options, initialised from the default generator.
     *
     * @param inFeatures the size of each input sample's last dimension
     * @param outFeatures the size of each output sample's last dimension
     * @param options whether to learn a bias
     */
    public Linear(int inFeatures, int outFeatures, Options options) {
        this(inFeatures, outFeatures, options, Kiln.defaultGenerator());
    }

    /**
     * A layer with the given options, initialised from {@code g}.
     *
     * @param inFeatures the size of each input sample's last dimension
     * @param outFeatures the size of each output sample's last dimension
     * @param options whether to learn a bias
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public Linear(int inFeatures, int outFeatures, Options options, Generator g) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be positive, got " + inFeatures + " and "
                    + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        registerParameter("weight", Tensor.empty(DType.FLOAT32, outFeatures, inFeatures));
        registerParameter("bias", options.bias() ? Tensor.empty(DType.FLOAT32, outFeatures) : null);
        initialise(g);
    }

    /**
     * Re-initialises as PyTorch does: the weight from Kaiming uniform with a = √5 (which is
     * U(−1/√in_features, 1/√in_features)), the bias from U(−1/√in_features, 1/√in_features).
     *
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public void resetParameters(Generator g) {
        initialise(g);
    }

    private void initialise(Generator g) {
        Init.kaimingUniform(weight(), Math.sqrt(5), Init.FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, g);
        Tensor bias = bias();
        if (bias != null) {
            double bound = 1 / Math.sqrt(inFeatures);
            Init.uniform(bias, -bound, bound, g);
        }
    }

    /** {@link #resetParameters(Generator)} from the default generator. */
    public void resetParameters() {
        resetParameters(Kiln.defaultGenerator());
    }

    /**
     * {@return y = x·Wᵀ + b}
     *
     * <p>When no graph is recorded (e.g. inference under {@code GradMode.disabled()}), the layer keeps a
     * transposed copy of its weight between calls, which makes the product faster; the copy is made again
     * after any change to the weight (an optimizer step, a {@code copy_}, a new weight tensor) and dropped
     * by the first call that records a graph. See {@link FusedLinearInference}.
     *
     * @param input (…, in_features)
     */
    @Override
    public Tensor forward(Tensor input) {
        return kernel.forward(input, weight(), bias());
    }

    /**
     * {@return the weight (out_features, in_features); the registered value, which a wrapper such as WeightNorm may replace}
     */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /**
     * {@return the bias (out_features), or null}
     */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    /**
     * {@return input size}
     */
    public int inFeatures() {
        return inFeatures;
    }

    /**
     * {@return output size}
     */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias() != null);
    }
}
