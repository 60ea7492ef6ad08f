package dev.kiln.nn;

import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.Tensor;

/**
 * A 2-D transposed convolution layer (the gradient of a convolution with respect to its input,
 * often used to upsample): see {@link Convolution#convTranspose2d}.
 *
 * <p>Parameters: {@code weight} (C_in, C_out/groups, kh, kw) and optionally {@code bias} (C_out).
 * Input (N, C_in, H, W), output (N, C_out, (H − 1)·sh − 2ph + dh·(kh − 1) + oph + 1, …). Other
 * settings (padding removed from the full output, output padding, dilation, groups, bias) go in
 * {@link ConvNd.Options}.
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(16, 8, 2, 2);  // doubles H and W
 * var up3 = new ConvTranspose2d(16, 8, 3, ConvTranspose2d.Options.defaults().withStride(2).withPadding(1)
 *         .withOutputPadding(1));                         // also doubles H and W
 * }</pre>
 */
public class ConvTranspose2d extends ConvNd {
    /**
     * A transposed convolution with a square kernel and the given stride, no padding, a bias.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels
     * @param kernelSize the side of the square window
     * @param stride the step between windows in both dimensions (the upsampling factor)
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, new int[] {kernelSize}, Options.defaults().withStride(stride));
    }

    /**
     * A transposed convolution with a square kernel and the given options.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels
     * @param kernelSize the side of the square window
     * @param options stride, padding, output padding, dilation, groups and bias
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /**
     * A transposed convolution with a (kh, kw) kernel and the given options.
     *
     * @param inChannels the number of channels of the input images
     * @param outChannels the number of output channels
     * @param kernelSize one value or (kh, kw)
     * @param options stride, padding, output padding, dilation, groups and bias
     */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, Options options) {
        super("ConvTranspose2d", 2, inChannels, outChannels, kernelSize, options, true);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput("ConvTranspose2d", input, 2, "H, W");
        return Convolution.convTranspose2d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
