package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * The common part of {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} (PyTorch's
 * {@code _ConvNd}): the channels and the per-dimension kernel size, stride, padding and dilation,
 * the parameters {@code weight} (C_out, C_in/groups, k…), or (C_in, C_out/groups, k…) when
 * transposed, and {@code bias} (C_out), their initialisation and the repr. The layers check
 * their arguments before handing them over.
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
abstract class ConvNd extends Module {
    final int inChannels;
    final int outChannels;
    final int[] kernelSize;
    final int[] stride;
    final int[] padding;
    /** {@code "same"} or {@code "valid"}, or null for the numeric {@link #padding}. */
    final String paddingMode;
    final int[] dilation;
    /** Null unless transposed. */
    final int[] outputPadding;
    final int groups;

    ConvNd(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingMode, int[] dilation,
            boolean transposed, int[] outputPadding, int groups, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.paddingMode = paddingMode;
        this.dilation = dilation;
        this.outputPadding = outputPadding;
        this.groups = groups;
        int[] weightShape = new int[2 + kernelSize.length];
        weightShape[0] = transposed ? inChannels : outChannels;
        weightShape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernelSize, 0, weightShape, 2, kernelSize.length);
        registerParameter("weight", Tensor.empty(DType.FLOAT32, weightShape));
        registerParameter("bias", bias ? Tensor.empty(DType.FLOAT32, outChannels) : null);
        resetParameters();
    }

    /**
     * PyTorch's default initialisation: weight ~ kaiming_uniform(a = √5), which is
     * U(−1/√fan_in, 1/√fan_in), and bias ~ U(−1/√fan_in, 1/√fan_in), where fan_in is computed from
     * the weight as PyTorch does, {@code weight.size(1)·Πk} (C_in/groups·Πk for a convolution,
     * C_out/groups·Πk for a transposed one); draws from the default generator.
     */
    public void resetParameters() {
        int fanIn = weight().size(1);
        for (int k : kernelSize) {
            fanIn *= k;
        }
        resetUniform(weight(), bias(), fanIn, Kiln.defaultGenerator());
    }

    /**
     * {@return the weight (C_out, C_in/groups, k…), or (C_in, C_out/groups, k…) when transposed}
     */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /**
     * {@return the bias (C_out), or null}
     */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        if (paddingMode != null) {
            sb.append(", padding=").append(paddingMode);
        } else if (!all(padding, 0)) {
            sb.append(", padding=").append(tuple(padding));
        }
        if (outputPadding != null && !all(outputPadding, 0)) {
            sb.append(", output_padding=").append(tuple(outputPadding));
        }
        if (!all(dilation, 1)) {
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

    private static boolean all(int[] v, int value) {
        for (int x : v) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------- argument checks and helpers (pair and tuple also serve the pooling layers)

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

    /** Checks a string padding: {@code "same"} (unstrided only) or {@code "valid"}; null stands for numeric padding. */
    static void checkPaddingMode(String layer, String paddingMode, boolean strided) {
        if (paddingMode != null && !paddingMode.equals("same") && !paddingMode.equals("valid")) {
            throw new IllegalArgumentException(layer + ": padding must be \"same\" or \"valid\", got \"" + paddingMode + "\"");
        }
        if ("same".equals(paddingMode) && strided) {
            throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided convolutions");
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
