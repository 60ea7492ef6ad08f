package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
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
public class Conv2d extends ConvNd {
    /**
     * A convolution with a square kernel, stride 1, no padding.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true);
    }

    /**
     * A convolution with a square kernel and the given stride and padding.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows (one value, or one per spatial dimension)
     * @param padding the padding on both sides of each spatial dimension (one value, or one per dimension; "same"/"valid" where a string is taken)
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1,
                true);
    }

    /**
     * A convolution.
     *
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value or (sh, sw)
     * @param padding one value or (ph, pw), zeros on both sides
     * @param dilation one value or (dh, dw)
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    /**
     * A convolution with padding {@code "same"} (stride 1) or {@code "valid"}.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows (one value, or one per spatial dimension)
     * @param padding the padding on both sides of each spatial dimension (one value, or one per dimension; "same"/"valid" where a string is taken)
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the channels are split into (divides inChannels and outChannels)
     * @param bias true to learn an additive bias, false for none
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, new int[] {0}, padding, dilation, groups, bias);
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingMode,
            int[] dilation, int groups, boolean bias) {
        int[] k = pair("kernel_size", kernelSize, 1);
        int[] s = pair("stride", stride, 1);
        int[] p = pair("padding", padding, 0);
        int[] d = pair("dilation", dilation, 1);
        checkChannels("Conv2d", inChannels, outChannels, groups);
        checkPaddingMode("Conv2d", paddingMode, s[0] != 1 || s[1] != 1);
        super(inChannels, outChannels, k, s, p, paddingMode, d, false, null, groups, bias);
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
}
