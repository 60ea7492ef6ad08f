package dev.kiln.nn.functional;

import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Activation;
import dev.kiln.nn.activation.GELU;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/**
 * Element-wise activation functions ({@code torch.nn.functional} semantics). Each keeps its
 * derivative beside the forward; at a kink the derivative is the one of the x ≤ 0 branch for the
 * rectifier family (relu 0, leaky_relu/prelu/rrelu the negative slope, elu {@code alpha}, selu
 * {@code scale·alpha}, celu 1) and 0 at the bounds of hardtanh/relu6.
 *
 * <p>The softmax family lives in {@link Softmax}; glu, crelu and maxout in {@link GatedActivations}.
 */
public final class Activations {
    /** SELU's α. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale λ. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private Activations() {
    }

    /**
     * {@return σ(x) = 1/(1+e^−x); σ' = σ(1−σ)} Fused float32 kernels for the forward and the backward; under
     * createGraph the backward is composed of tensor ops, so double backward works.
     *
     * @param x the input, of any shape
     */
    public static Tensor sigmoid(Tensor x) {
        return Pointwise.apply("Sigmoid", x, new Activation.Sigmoid(), ActivationDerivatives::sigmoid);
    }

    /**
     * {@return tanh x; derivative 1 − tanh²} Fused float32 kernels for the forward and the backward.
     *
     * @param x the input, of any shape
     */
    public static Tensor tanh(Tensor x) {
        return Pointwise.apply("Tanh", x, new Activation.Tanh(), ActivationDerivatives::tanh);
    }

    /**
     * {@return max(0, x); derivative 1 for x &gt; 0, else 0} Fused float32 kernels for the forward and the backward.
     *
     * @param x the input, of any shape
     */
    public static Tensor relu(Tensor x) {
        return Pointwise.apply("Relu", x, new Activation.Relu(), ActivationDerivatives::relu);
    }

    /**
     * {@return {@link #relu} of a tensor its caller will not use again: when {@code x} is a float32 layer output
     * whose storage nothing else references (marked fresh by the Linear and
     * convolution kernels), the ReLU is written into that storage and the returned tensor shares it (as
     * PyTorch's {@code ReLU(inplace=True)} after a layer); otherwise it is {@link #relu}} The values and
     * gradients are those of {@link #relu}: the backward takes its mask from the output (y &gt; 0 exactly
     * where x &gt; 0). {@link dev.kiln.nn.activation.ReLU#inPlace()} calls it.
     *
     * @param x the input, of any shape
     */
    public static Tensor reluConsuming(Tensor x) {
        return Pointwise.applyConsuming("Relu", x, new Activation.Relu(), ActivationDerivatives::relu, () -> relu(x));
    }

    /**
     * {@return min(max(0, x), 6); derivative 1 on (0, 6), 0 elsewhere (bounds included)}
     *
     * @param x the input, of any shape
     */
    public static Tensor relu6(Tensor x) {
        return hardtanh(x, 0, 6);
    }

    /**
     * {@return clamp(x, minVal, maxVal); derivative 1 strictly inside, 0 at and beyond the bounds}
     *
     * @param x the input, of any shape
     * @param minVal the lower bound of the output
     * @param maxVal the upper bound of the output
     */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        if (minVal > maxVal) {
            throw new IllegalArgumentException("hardtanh: min_val " + minVal + " is greater than max_val " + maxVal);
        }
        Tensor y = Pointwise.apply("Hardtanh", x, new Activation.Hardtanh(minVal, maxVal),
                t -> ActivationDerivatives.hardtanh(t, minVal, maxVal));
        return traced(y, "hardtanh", Map.of("min", minVal, "max", maxVal), x);
    }

    /**
     * {@return x if x &gt; 0, else negativeSlope·x (derivative at 0 is the slope)}
     *
     * @param x the input, of any shape
     * @param negativeSlope the slope for negative inputs
     */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        Tensor y = Pointwise.apply("LeakyRelu", x, new Activation.LeakyRelu(negativeSlope),
                t -> ActivationDerivatives.leakyRelu(t, negativeSlope));
        return traced(y, "leaky_relu", Map.of("slope", negativeSlope), x);
    }

    /**
     * {@return leaky_relu with PyTorch's default slope 0.01}
     *
     * @param x the input, of any shape
     */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /**
     * {@return parametric ReLU: x if x &gt; 0, else w·x, where {@code weight} has one element (shared) or
     * C = x.size(1) elements (one slope per channel of an (N, C, …) input; a 1-D input counts
     * its only dimension as the channels)} The weight gradient sums over every element sharing a
     * slope.
     *
     * @param x the input, of any shape
     * @param weight the learnable slopes of the negative part: one value, or one per channel (dimension 1 of {@code x})
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        if (weight.dim() != 1) {
            throw new IllegalArgumentException("prelu: weight must be 1-D, got shape " + Shape.str(weight.shape()));
        }
        int channels = x.dim() == 0 ? 1 : (x.dim() == 1 ? x.size(0) : x.size(1));
        int c = weight.size(0);
        if (c != 1 && c != channels) {
            throw new IllegalArgumentException("prelu: weight has " + c + " elements but input " + Shape.str(x.shape())
                    + " has " + channels + " channels (dimension 1); expected 1 or " + channels);
        }
        Tensor w = weight;
        if (c != 1 && x.dim() > 1) {
            int[] shape = new int[x.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[1] = c;
            w = weight.reshape(shape);
        }
        // x > 0 selects x, else w·x; the mask is a constant so the composition is exact, and at
        // x = 0 the gradient is the slope (the x ≤ 0 branch).
        Tensor pos = x.gt(0).to(Pointwise.floating(x).dtype());
        Tensor neg = pos.rsub(1);
        Tensor y = x.mul(pos).add(x.mul(neg).mul(w.to(pos.dtype())));
        return traced(y, "prelu", Map.of(), x, weight);
    }

    /**
     * {@return randomized leaky ReLU} In training each element with x ≤ 0 gets its own slope drawn from
     * U(lower, upper) with {@code generator}; in evaluation the slope is (lower+upper)/2, which is
     * leaky_relu. The gradient is the slope used (1 for x &gt; 0).
     *
     * @param x the input, of any shape
     * @param lower the lower bound of the uniform random slope
     * @param upper the upper bound of the uniform random slope
     * @param training true to draw random slopes, false to use their mean (lower + upper)/2
     * @param generator the random generator that draws the slopes (its state advances)
     */
    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Generator generator) {
        if (lower > upper) {
            throw new IllegalArgumentException("rrelu: lower " + lower + " is greater than upper " + upper);
        }
        if (!training) {
            return leakyRelu(x, (lower + upper) / 2);
        }
        Tensor in = Pointwise.floating(x);
        double[] v = in.toDoubleArray();
        double[] slope = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double u = lower + (upper - lower) * generator.nextDouble();
            slope[i] = v[i] > 0 ? 1 : u;
        }
        // The slopes are constants, so the product's gradient is exactly the slope used.
        return in.mul(TensorInternals.wrap(Storage.wrap(slope), in.shape()).to(in.dtype()));
    }

    /**
     * {@return rrelu with PyTorch's defaults lower = 1/8, upper = 1/3}
     *
     * @param x the input, of any shape
     * @param training true to draw random slopes, false to use their mean (lower + upper)/2
     * @param generator the random generator that draws the slopes (its state advances)
     */
    public static Tensor rrelu(Tensor x, boolean training, Generator generator) {
        return rrelu(x, 1.0 / 8, 1.0 / 3, training, generator);
    }

    /**
     * {@return x if x &gt; 0, else α(eˣ − 1); derivative α·eˣ for x ≤ 0}
     *
     * @param x the input, of any shape
     * @param alpha the scale α of the negative part
     */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor y = Pointwise.apply("Elu", x, new Activation.ExpLinear(1, alpha, 1), t -> ActivationDerivatives.expLinear(t, 1, alpha, 1));
        return traced(y, "elu", Map.of("alpha", alpha), x);
    }

    /**
     * {@return scale·(x if x &gt; 0 else α(eˣ − 1)) with the self-normalising constants}
     *
     * @param x the input, of any shape
     */
    public static Tensor selu(Tensor x) {
        return Pointwise.apply("Selu", x, new Activation.ExpLinear(SELU_SCALE, SELU_ALPHA, 1),
                t -> ActivationDerivatives.expLinear(t, SELU_SCALE, SELU_ALPHA, 1));
    }

    /**
     * {@return max(0,x) + min(0, α(e^(x/α) − 1)); derivative e^(x/α) for x ≤ 0}
     *
     * @param x the input, of any shape
     * @param alpha the scale α in α·(exp(x/α) − 1) (≠ 0)
     */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) {
            throw new IllegalArgumentException("celu: alpha must not be 0");
        }
        Tensor y = Pointwise.apply("Celu", x, new Activation.ExpLinear(1, alpha, 1 / alpha),
                t -> ActivationDerivatives.expLinear(t, 1, alpha, 1 / alpha));
        return traced(y, "celu", Map.of("alpha", alpha), x);
    }

    /**
     * {@return GELU} {@code NONE}: x·Φ(x) with Φ the standard normal CDF;
     * {@code TANH}: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
     *
     * @param x the input, of any shape
     * @param approximate {@code NONE} for the exact erf form, {@code TANH} for the tanh approximation
     */
    public static Tensor gelu(Tensor x, GELU.Approximation approximate) {
        return switch (approximate) {
            case NONE -> Pointwise.apply("Gelu", x, new Activation.GeluErf(), ActivationDerivatives::gelu);
            case TANH -> Pointwise.apply("GeluTanh", x, new Activation.GeluTanh(), ActivationDerivatives::geluTanh);
        };
    }

    /**
     * {@return exact GELU, x·Φ(x)}
     *
     * @param x the input, of any shape
     */
    public static Tensor gelu(Tensor x) {
        return gelu(x, GELU.Approximation.NONE);
    }

    /**
     * {@return SiLU (swish): x·σ(x); derivative σ(x)(1 + x(1 − σ(x)))}
     *
     * @param x the input, of any shape
     */
    public static Tensor silu(Tensor x) {
        return Pointwise.apply("Silu", x, new Activation.Silu(), ActivationDerivatives::silu);
    }

    /**
     * {@return swish with a fixed β: x·σ(βx); β = 1 is {@link #silu} (and runs its kernel)}
     * ∂/∂x = σ(βx)(1 + βx(1 − σ(βx))).
     *
     * @param x the input, of any shape
     * @param beta the factor β in x·σ(βx)
     */
    public static Tensor swish(Tensor x, double beta) {
        if (beta == 1) {
            return silu(x);
        }
        return x.mul(x.mul(beta).sigmoid());
    }

    /**
     * {@return swish with a learnable β (a one-element tensor): x·σ(βx), differentiable in x and β,
     * ∂/∂β = x²σ(βx)(1 − σ(βx))}
     *
     * @param x the input, of any shape
     * @param beta the factor β in x·σ(βx)
     */
    public static Tensor swish(Tensor x, Tensor beta) {
        if (beta.numel() != 1) {
            throw new IllegalArgumentException("swish: beta must have one element, got shape " + Shape.str(beta.shape()));
        }
        Tensor b = beta.reshape().to(Pointwise.floating(x).dtype());
        return x.mul(x.mul(b).sigmoid());
    }

    /**
     * {@return mish: x·tanh(softplus(x))}
     *
     * @param x the input, of any shape
     */
    public static Tensor mish(Tensor x) {
        return Pointwise.apply("Mish", x, new Activation.Mish(), ActivationDerivatives::mish);
    }

    /**
     * {@return log(1 + e^(βx))/β, or x where βx &gt; threshold; derivative σ(βx) (1 past the threshold)}
     *
     * @param x the input, of any shape
     * @param beta the factor β in log(1 + e^{βx})/β
     * @param threshold the value above which the function is the identity
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor y = Pointwise.apply("Softplus", x, new Activation.Softplus(beta, threshold),
                t -> ActivationDerivatives.softplus(t, beta, threshold));
        return traced(y, "softplus", Map.of("beta", beta, "threshold", threshold), x);
    }

    /**
     * {@return softplus with β = 1 and threshold 20}
     *
     * @param x the input, of any shape
     */
    public static Tensor softplus(Tensor x) {
        return softplus(x, 1, 20);
    }

    /**
     * {@return x/(1+|x|); derivative 1/(1+|x|)²}
     *
     * @param x the input, of any shape
     */
    public static Tensor softsign(Tensor x) {
        return Pointwise.apply("Softsign", x, new Activation.Softsign(), ActivationDerivatives::softsign);
    }

    /**
     * {@return relu6(x+3)/6; derivative 1/6 on (−3, 3)}
     *
     * @param x the input, of any shape
     */
    public static Tensor hardsigmoid(Tensor x) {
        return Pointwise.apply("Hardsigmoid", x, new Activation.Hardsigmoid(), ActivationDerivatives::hardsigmoid);
    }

    /**
     * {@return x·min(max(x+3, 0), 6)/6 (so −∞ gives NaN, as PyTorch's); derivative (2x+3)/6 on [−3, 3], 0 below, 1 above}
     *
     * @param x the input, of any shape
     */
    public static Tensor hardswish(Tensor x) {
        return Pointwise.apply("Hardswish", x, new Activation.Hardswish(), ActivationDerivatives::hardswish);
    }

    /**
     * {@return log σ(x) = −softplus(−x), computed stably; derivative σ(−x)}
     *
     * @param x the input, of any shape
     */
    public static Tensor logsigmoid(Tensor x) {
        return Pointwise.apply("LogSigmoid", x, new Activation.LogSigmoid(), ActivationDerivatives::logsigmoid);
    }

    /**
     * {@return x − tanh x; derivative tanh²}
     *
     * @param x the input, of any shape
     */
    public static Tensor tanhshrink(Tensor x) {
        return Pointwise.apply("Tanhshrink", x, new Activation.Tanhshrink(), ActivationDerivatives::tanhshrink);
    }

    /**
     * {@return x if |x| &gt; λ, else 0}
     *
     * @param x the input, of any shape
     * @param lambd the threshold λ below which magnitudes are shrunk to 0 (≥ 0)
     */
    public static Tensor hardshrink(Tensor x, double lambd) {
        Tensor y = Pointwise.apply("Hardshrink", x, new Activation.Hardshrink(lambd), t -> ActivationDerivatives.shrink(t, lambd));
        return traced(y, "hardshrink", Map.of("lambda", lambd), x);
    }

    /**
     * {@return x − λ if x &gt; λ, x + λ if x &lt; −λ, else 0}
     *
     * @param x the input, of any shape
     * @param lambd the threshold λ below which magnitudes are shrunk to 0 (≥ 0)
     */
    public static Tensor softshrink(Tensor x, double lambd) {
        if (lambd < 0) {
            throw new IllegalArgumentException("softshrink: lambd must be non-negative, got " + lambd);
        }
        Tensor y = Pointwise.apply("Softshrink", x, new Activation.Softshrink(lambd), t -> ActivationDerivatives.shrink(t, lambd));
        return traced(y, "softshrink", Map.of("lambda", lambd), x);
    }

    /**
     * {@return x if x &gt; threshold, else {@code value}}
     *
     * @param x the input, of any shape
     * @param threshold the value at or below which an element is replaced
     * @param value the value that replaces the elements at or below {@code threshold}
     */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        Tensor y = Pointwise.apply("Threshold", x, new Activation.Threshold(threshold, value),
                t -> ActivationDerivatives.threshold(t, threshold));
        return traced(y, "threshold", Map.of("threshold", threshold, "value", value), x);
    }

    /**
     * {@return log(z/(1−z)) with z = clamp(x, eps, 1−eps) when {@code eps} is given (else z = x)} The
     * derivative is 1/(x(1−x)) on [eps, 1−eps] and 0 outside.
     *
     * @param x the input, of any shape
     * @param eps the clamp of the input into [eps, 1 − eps], or null for none
     */
    public static Tensor logit(Tensor x, Double eps) {
        Activation f = eps == null ? new Activation.Logit(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
                : new Activation.Logit(eps, 1 - eps);
        return Pointwise.apply("Logit", x, f, t -> ActivationDerivatives.logit(t, eps));
    }

    /**
     * {@return logit without clamping}
     *
     * @param x the input, of any shape
     */
    public static Tensor logit(Tensor x) {
        return logit(x, null);
    }

    /** Reports an activation with its parameters to an open {@link Trace}; returns {@code y}. */
    private static Tensor traced(Tensor y, String name, Map<String, ?> attributes, Tensor... inputs) {
        if (Tracing.isRecording()) {
            Tracing.record(name, y, attributes, inputs);
        }
        return y;
    }
}
