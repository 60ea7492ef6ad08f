package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
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
public class Conv1d extends ConvNd {
    /**
     * A convolution with stride 1 and no padding.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /**
     * A convolution.
     *
     *
     * @param groups inChannels and outChannels must both be divisible by it
     * @param bias whether to learn an additive bias
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows (one value, or one per spatial dimension)
     * @param padding the padding on both sides of each spatial dimension (one value, or one per dimension; "same"/"valid" where a string is taken)
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias) {
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
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
            boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, 0, padding, dilation, groups, bias);
    }

    private Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, String paddingMode,
            int dilation, int groups, boolean bias) {
        checkChannels("Conv1d", inChannels, outChannels, groups);
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv1d: kernel_size, stride and dilation must be positive and padding "
                    + "non-negative, got " + kernelSize + ", " + stride + ", " + dilation + ", " + padding);
        }
        checkPaddingMode("Conv1d", paddingMode, stride != 1);
        super(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, paddingMode,
                new int[] {dilation}, false, null, groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 || input.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv1d: expected input (N, " + inChannels + ", L), got "
                    + Shape.str(input.shape()));
        }
        if (paddingMode != null) {
            return Convolution.conv1d(input, weight(), bias(), stride[0], paddingMode, dilation[0], groups);
        }
        return Convolution.conv1d(input, weight(), bias(), stride[0], padding[0], dilation[0], groups);
    }
}
