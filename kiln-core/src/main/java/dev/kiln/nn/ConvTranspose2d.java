package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
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
public class ConvTranspose2d extends ConvNd {
    /**
     * A transposed convolution with a square kernel and the given stride, no padding.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows (one value, or one per spatial dimension)
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1});
    }

    /**
     * A transposed convolution.
     *
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value or a pair
     * @param padding one value or a pair: removed from both sides of the full output
     * @param outputPadding one value or a pair, added on the bottom/right; smaller than stride or dilation
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     * @param dilation one value or a pair
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int groups, boolean bias, int[] dilation) {
        checkChannels("ConvTranspose2d", inChannels, outChannels, groups);
        int[] k = pair("kernel_size", kernelSize, 1);
        int[] s = pair("stride", stride, 1);
        int[] p = pair("padding", padding, 0);
        int[] op = pair("output_padding", outputPadding, 0);
        int[] d = pair("dilation", dilation, 1);
        for (int i = 0; i < 2; i++) {
            if (op[i] >= Math.max(s[i], d[i])) {
                throw new IllegalArgumentException("ConvTranspose2d: output_padding must be smaller than either stride "
                        + "or dilation, got output_padding " + Shape.str(op));
            }
        }
        super(inChannels, outChannels, k, s, p, null, d, true, op, groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException("ConvTranspose2d: expected input (N, " + inChannels + ", H, W), got "
                    + Shape.str(input.shape()));
        }
        return Convolution.convTranspose2d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
