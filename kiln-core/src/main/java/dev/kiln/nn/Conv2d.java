package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.Tensor;

/**
 * A 2-D convolution layer: {@code y = conv2d(x, weight, bias)} (see {@link Convolution#conv2d}).
 *
 * <p>Parameters: {@code weight} (C_out, C_in/groups, kh, kw) and, unless disabled, {@code bias}
 * (C_out). Input (N, C_in, H, W), output (N, C_out, oh, ow) with
 * {@code oh = floor((H + 2·ph − dh·(kh − 1) − 1)/sh) + 1}. Other settings go in
 * {@link ConvNd.Options}.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 6, 5, 1, 2);       // 1 → 6 channels, 5×5 kernel, stride 1, padding 2
 * Tensor y = conv.forward(Tensor.randn(64, 1, 28, 28)); // (64, 6, 28, 28)
 * var noBias = new Conv2d(3, 64, 3, Conv2d.Options.defaults().withPadding(1).withBias(false));
 * }</pre>
 */
public class Conv2d extends ConvNd {
    /**
     * A convolution with a square kernel, stride 1, no padding, a bias.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the side of the square window
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, Options.defaults());
    }

    /**
     * A convolution with a square kernel and the given stride and padding, a bias.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the side of the square window
     * @param stride the step between windows in both dimensions
     * @param padding the zeros added on every side
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, Options.defaults().withStride(stride).withPadding(padding));
    }

    /**
     * A convolution with a square kernel and the given options.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize the side of the square window
     * @param options stride, padding, dilation, groups and bias
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /**
     * A convolution with a (kh, kw) kernel and the given options.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels (filters)
     * @param kernelSize one value or (kh, kw)
     * @param options stride, padding, dilation, groups and bias
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, Options options) {
        super("Conv2d", 2, inChannels, outChannels, kernelSize, options, false);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput("Conv2d", input, 2, "H, W");
        if (paddingRule != null) {
            return Convolution.conv2d(input, weight(), bias(), stride, paddingRule, dilation, groups);
        }
        return Convolution.conv2d(input, weight(), bias(), stride, padding, dilation, groups);
    }
}
