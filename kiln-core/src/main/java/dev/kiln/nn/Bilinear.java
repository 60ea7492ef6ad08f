package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * A bilinear map of two inputs: y[n,k] = x1[n]ᵀ·W[k]·x2[n] + b[k].
 *
 * <p>Shapes: input1 (…, in1), input2 (…, in2), weight (out, in1, in2), bias (out), output (…, out).
 * It takes two inputs, so call {@link #forward(Tensor, Tensor)}.
 *
 * <pre>{@code
 * var bl = new Bilinear(20, 30, 40);
 * Tensor y = bl.forward(Tensor.randn(128, 20), Tensor.randn(128, 30));   // (128, 40)
 * }</pre>
 */
public class Bilinear extends Module {
    private final int in1Features;
    private final int in2Features;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with a bias, initialised from the default generator.
     *
     * @param in1Features the size of the first input's last dimension
     * @param in2Features the size of the second input's last dimension
     * @param outFeatures the size of each output sample's last dimension
     */
    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, Linear.Options.defaults(), Kiln.defaultGenerator());
    }

    /**
     * A layer with the given options, initialised from {@code g}.
     *
     * @param in1Features the size of the first input's last dimension
     * @param in2Features the size of the second input's last dimension
     * @param outFeatures the size of each output sample's last dimension
     * @param options whether to learn a bias (the same settings as {@link Linear})
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public Bilinear(int in1Features, int in2Features, int outFeatures, Linear.Options options, Generator g) {
        if (in1Features <= 0 || in2Features <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Bilinear: feature sizes must be positive, got in1=" + in1Features + ", in2="
                    + in2Features + ", out=" + outFeatures);
        }
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.empty(DType.FLOAT32, outFeatures, in1Features, in2Features));
        this.bias = registerParameter("bias", options.bias() ? Tensor.empty(DType.FLOAT32, outFeatures) : null);
        initialise(g);
    }

    /**
     * Re-initialises as PyTorch does: weight and bias from U(−1/√in1, 1/√in1).
     *
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public void resetParameters(Generator g) {
        initialise(g);
    }

    private void initialise(Generator g) {
        double bound = 1 / Math.sqrt(in1Features);
        Init.uniform(weight, -bound, bound, g);
        if (bias != null) {
            Init.uniform(bias, -bound, bound, g);
        }
    }

    /** {@link #resetParameters(Generator)} from the default generator. */
    public void resetParameters() {
        resetParameters(Kiln.defaultGenerator());
    }

    /**
     * The bilinear map of the two inputs.
     *
     * @param input1 the first input, (…, in1Features)
     * @param input2 the second input, (…, in2Features), with the first input's leading dimensions
     * @return the output of this module for {@code input}
     */
    public Tensor forward(Tensor input1, Tensor input2) {
        return Layers.bilinear(input1, input2, weight, bias);
    }

    /**
     * {@return the weight (out, in1, in2)}
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * {@return the bias (out), or null}
     */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures + ", bias="
                + (bias != null);
    }
}
