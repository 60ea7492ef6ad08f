package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A 1-D convolution layer: {@code y = conv1d(x, weight, bias)} (see {@link Convolution#conv1d}).
 *
 * <p>Parameters: {@code weight} (C_out, C_in/groups, k) and optionally {@code bias} (C_out).
 * Input (N, C_in, L), output (N, C_out, floor((L + 2p − d·(k − 1) − 1)/s) + 1).
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(3, 8, 3);
 * Tensor y = conv.forward(Tensor.randn(4, 3, 20)); // (4, 8, 18)
 * }</pre>
 */
@SuppressWarnings("this-escape") // layers register their state in the constructor
public class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final String paddingMode;
    private final int dilation;
    private final int groups;

    /** A convolution with stride 1 and no padding. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /**
     * A convolution.
     *
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    /** A convolution with padding {@code "same"} (stride 1) or {@code "valid"}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
            boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, 0, padding, dilation, groups, bias);
    }

    private Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, String paddingMode,
            int dilation, int groups, boolean bias) {
        Conv2d.checkChannels("Conv1d", inChannels, outChannels, groups);
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv1d: kernel_size, stride and dilation must be positive and padding "
                    + "non-negative, got " + kernelSize + ", " + stride + ", " + dilation + ", " + padding);
        }
        if (paddingMode != null && !paddingMode.equals("same") && !paddingMode.equals("valid")) {
            throw new IllegalArgumentException("Conv1d: padding must be \"same\" or \"valid\", got \"" + paddingMode + "\"");
        }
        if ("same".equals(paddingMode) && stride != 1) {
            throw new IllegalArgumentException("Conv1d: padding='same' is not supported for strided convolutions");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.paddingMode = paddingMode;
        this.dilation = dilation;
        this.groups = groups;
        registerParameter("weight", Tensor.empty(DType.FLOAT32, outChannels, inChannels / groups, kernelSize));
        registerParameter("bias", bias ? Tensor.empty(DType.FLOAT32, outChannels) : null);
        resetParameters();
    }

    /**
     * PyTorch's default initialisation: weight and bias ~ U(−1/√fan_in, 1/√fan_in) with
     * {@code fan_in = C_in/groups · k} (kaiming_uniform with a = √5 for the weight).
     */
    public void resetParameters() {
        Conv2d.resetUniform(weight(), bias(), inChannels / groups * kernelSize, Kiln.defaultGenerator());
    }

    /** The weight (C_out, C_in/groups, k). */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /** The bias (C_out), or null. */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 || input.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv1d: expected input (N, " + inChannels + ", L), got "
                    + Shape.str(input.shape()));
        }
        if (paddingMode != null) {
            return Convolution.conv1d(input, weight(), bias(), stride, paddingMode, dilation, groups);
        }
        return Convolution.conv1d(input, weight(), bias(), stride, padding, dilation, groups);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Conv2d.tuple(kernelSize)).append(", stride=").append(Conv2d.tuple(stride));
        if (paddingMode != null) {
            sb.append(", padding=").append(paddingMode);
        } else if (padding != 0) {
            sb.append(", padding=").append(Conv2d.tuple(padding));
        }
        if (dilation != 1) {
            sb.append(", dilation=").append(Conv2d.tuple(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias() == null) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }
}
