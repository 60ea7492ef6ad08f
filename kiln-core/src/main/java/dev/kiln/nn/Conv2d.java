package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A 2-D convolution layer: {@code y = conv2d(x, weight, bias)} (see {@link Convolution#conv2d}).
 *
 * <p>Parameters: {@code weight} (C_out, C_in/groups, kh, kw) and, unless disabled, {@code bias}
 * (C_out). Input (N, C_in, H, W), output (N, C_out, oh, ow) with
 * {@code oh = floor((H + 2·ph − dh·(kh − 1) − 1)/sh) + 1}.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 6, 5, 1, 2);       // 1 → 6 channels, 5×5 kernel, padding 2
 * Tensor y = conv.forward(Tensor.randn(64, 1, 28, 28)); // (64, 6, 28, 28)
 * }</pre>
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
public class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingMode;
    private final int[] dilation;
    private final int groups;

    /** A convolution with a square kernel, stride 1, no padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true);
    }

    /** A convolution with a square kernel and the given stride and padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1,
                true);
    }

    /**
     * A convolution.
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value or (sh, sw)
     * @param padding one value or (ph, pw), zeros on both sides
     * @param dilation one value or (dh, dw)
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    /**
     * A convolution with padding {@code "same"} (stride 1) or {@code "valid"}.
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, new int[] {0}, padding, dilation, groups, bias);
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingMode,
            int[] dilation, int groups, boolean bias) {
        this.kernelSize = pair("kernel_size", kernelSize, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = pair("padding", padding, 0);
        this.dilation = pair("dilation", dilation, 1);
        checkChannels("Conv2d", inChannels, outChannels, groups);
        if (paddingMode != null && !paddingMode.equals("same") && !paddingMode.equals("valid")) {
            throw new IllegalArgumentException("Conv2d: padding must be \"same\" or \"valid\", got \"" + paddingMode + "\"");
        }
        if ("same".equals(paddingMode) && (this.stride[0] != 1 || this.stride[1] != 1)) {
            throw new IllegalArgumentException("Conv2d: padding='same' is not supported for strided convolutions");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.paddingMode = paddingMode;
        this.groups = groups;
        registerParameter("weight", Tensor.empty(dev.kiln.tensor.DType.FLOAT32, outChannels, inChannels / groups,
                this.kernelSize[0], this.kernelSize[1]));
        registerParameter("bias", bias ? Tensor.empty(dev.kiln.tensor.DType.FLOAT32, outChannels) : null);
        resetParameters();
    }

    /**
     * PyTorch's default initialisation: weight ~ kaiming_uniform(a = √5), which is
     * U(−1/√fan_in, 1/√fan_in), and bias ~ U(−1/√fan_in, 1/√fan_in), with
     * {@code fan_in = C_in/groups · kh · kw}; draws from the default generator.
     */
    public void resetParameters() {
        resetUniform(weight(), bias(), inChannels / groups * kernelSize[0] * kernelSize[1], Kiln.defaultGenerator());
    }

    /** The weight (C_out, C_in/groups, kh, kw). */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /** The bias (C_out), or null. */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d: expected input (N, " + inChannels + ", H, W), got "
                    + Shape.str(input.shape()));
        }
        if (paddingMode != null) {
            return Convolution.conv2d(input, weight(), bias(), stride, paddingMode, dilation, groups);
        }
        return Convolution.conv2d(input, weight(), bias(), stride, padding, dilation, groups);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        if (paddingMode != null) {
            sb.append(", padding=").append(paddingMode);
        } else if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding=").append(tuple(padding));
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
            sb.append(", dilation=").append(tuple(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias() == null) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }

    // ------------------------------------------------- shared by the conv layers

    /** Fills weight and bias with U(−1/√fanIn, 1/√fanIn) (kaiming_uniform with a = √5, and PyTorch's bias rule). */
    static void resetUniform(Tensor weight, Tensor bias, int fanIn, Generator g) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        try (var scope = GradMode.disabled()) {
            // kaiming_uniform(a=√5): gain = √(2/(1+5)), std = gain/√fan_in, bound = √3·std = 1/√fan_in
            weight.uniform_(g, -bound, bound);
            if (bias != null) {
                bias.uniform_(g, -bound, bound);
            }
        }
    }

    static void checkChannels(String layer, int in, int out, int groups) {
        if (in < 1 || out < 1 || groups < 1) {
            throw new IllegalArgumentException(layer + ": in_channels, out_channels and groups must be positive, got "
                    + in + ", " + out + ", " + groups);
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": in_channels " + in + " and out_channels " + out
                    + " must be divisible by groups " + groups);
        }
    }

    static int[] pair(String what, int[] v, int min) {
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException("expected one or two values for " + what + ", got "
                    + (v == null ? "null" : Shape.str(v)));
        }
        int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        if (p[0] < min || p[1] < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + Shape.str(v));
        }
        return p;
    }

    static String tuple(int... v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
