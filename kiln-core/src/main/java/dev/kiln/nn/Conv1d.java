package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.Tensor;

/**
 * A 1-D convolution layer: {@code y = conv1d(x, weight, bias)} (see {@link Convolution#conv1d}).
 *
 * <p>Parameters: {@code weight} (C_out, C_in/groups, k) and optionally {@code bias} (C_out).
 * Input (N, C_in, L), output (N, C_out, floor((L + 2p − d·(k − 1) − 1)/s) + 1). Other settings go
 * in {@link ConvNd.Options}.
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(3, 8, 3);
 * Tensor y = conv.forward(Tensor.randn(4, 3, 20)); // (4, 8, 18)
 * var strided = new Conv1d(3, 8, 3, Conv1d.Options.defaults().withStride(2).withPadding(1));
 * }</pre>
 */
public class Conv1d extends ConvNd {
    /**
     * A convolution with stride 1, no padding and a bias.
     *
     * @param inChannels the number of channels of the input sequences
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window length
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, Options.defaults());
    }

    /**
     * A convolution with the given options.
     *
     * @param inChannels the number of channels of the input sequences
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the window length
     * @param options stride, padding, dilation, groups and bias (one value each)
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Options options) {
        super("Conv1d", 1, inChannels, outChannels, new int[] {kernelSize}, options, false);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput("Conv1d", input, 1, "L");
        if (paddingRule != null) {
            return Convolution.conv1d(input, weight(), bias(), stride[0], paddingRule, dilation[0], groups);
        }
        return Convolution.conv1d(input, weight(), bias(), stride[0], padding[0], dilation[0], groups);
    }
}
