package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A 2-D transposed convolution layer (the gradient of a convolution with respect to its input,
 * often used to upsample): see {@link Convolution#convTranspose2d}.
 *
 * <p>Parameters: {@code weight} (C_in, C_out/groups, kh, kw) and optionally {@code bias} (C_out).
 * Input (N, C_in, H, W), output (N, C_out, (H − 1)·sh − 2ph + dh·(kh − 1) + oph + 1, …).
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(16, 8, 2, 2);  // doubles H and W
 * }</pre>
 */
@SuppressWarnings("this-escape") // layers register their state in the constructor
public class ConvTranspose2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int groups;
    private final int[] dilation;

    /** A transposed convolution with a square kernel and the given stride, no padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1});
    }

    /**
     * A transposed convolution.
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value or a pair
     * @param padding one value or a pair: removed from both sides of the full output
     * @param outputPadding one value or a pair, added on the bottom/right; smaller than stride or dilation
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     * @param dilation one value or a pair
     */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int groups, boolean bias, int[] dilation) {
        Conv2d.checkChannels("ConvTranspose2d", inChannels, outChannels, groups);
        this.kernelSize = Conv2d.pair("kernel_size", kernelSize, 1);
        this.stride = Conv2d.pair("stride", stride, 1);
        this.padding = Conv2d.pair("padding", padding, 0);
        this.outputPadding = Conv2d.pair("output_padding", outputPadding, 0);
        this.dilation = Conv2d.pair("dilation", dilation, 1);
        for (int i = 0; i < 2; i++) {
            if (this.outputPadding[i] >= Math.max(this.stride[i], this.dilation[i])) {
                throw new IllegalArgumentException("ConvTranspose2d: output_padding must be smaller than either stride "
                        + "or dilation, got output_padding " + Shape.str(this.outputPadding));
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        registerParameter("weight", Tensor.empty(DType.FLOAT32, inChannels, outChannels / groups, this.kernelSize[0],
                this.kernelSize[1]));
        registerParameter("bias", bias ? Tensor.empty(DType.FLOAT32, outChannels) : null);
        resetParameters();
    }

    /**
     * PyTorch's default initialisation: weight and bias ~ U(−1/√fan_in, 1/√fan_in), where fan_in
     * is computed from the weight as PyTorch does, {@code weight.size(1)·kh·kw = C_out/groups·kh·kw}.
     */
    public void resetParameters() {
        Conv2d.resetUniform(weight(), bias(), outChannels / groups * kernelSize[0] * kernelSize[1], Kiln.defaultGenerator());
    }

    /** The weight (C_in, C_out/groups, kh, kw). */
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
            throw new IllegalArgumentException("ConvTranspose2d: expected input (N, " + inChannels + ", H, W), got "
                    + Shape.str(input.shape()));
        }
        return Convolution.convTranspose2d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Conv2d.tuple(kernelSize)).append(", stride=").append(Conv2d.tuple(stride));
        if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding=").append(Conv2d.tuple(padding));
        }
        if (outputPadding[0] != 0 || outputPadding[1] != 0) {
            sb.append(", output_padding=").append(Conv2d.tuple(outputPadding));
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
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
