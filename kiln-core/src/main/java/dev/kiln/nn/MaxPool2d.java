package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * 2-D max pooling over (N, C, H, W) or (C, H, W) inputs (see {@link Pooling#maxPool2d}); no
 * parameters. Other settings go in {@link MaxPoolNd.Options}.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);                     // 2×2 windows, stride 2
 * Tensor y = pool.forward(Tensor.randn(64, 6, 28, 28)); // (64, 6, 14, 14)
 * var stem = new MaxPool2d(3, MaxPool2d.Options.defaults().withStride(2).withPadding(1));
 * }</pre>
 */
public class MaxPool2d extends MaxPoolNd {
    /**
     * Square windows of {@code kernelSize}, stride = kernel size.
     *
     * @param kernelSize the side of the square window
     */
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, Options.defaults());
    }

    /**
     * Square windows with the given options.
     *
     * @param kernelSize the side of the square window
     * @param options stride, padding, dilation and ceil mode
     */
    public MaxPool2d(int kernelSize, Options options) {
        this(new int[] {kernelSize}, options);
    }

    /**
     * (kh, kw) windows with the given options.
     *
     * @param kernelSize one value or (kh, kw)
     * @param options stride, padding, dilation and ceil mode
     */
    public MaxPool2d(int[] kernelSize, Options options) {
        super("MaxPool2d", 2, kernelSize, options);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * {@return the pooled values and the position {@code h·W + w} of each maximum in its plane}
     *
     * @param input the input batch
     */
    @Override
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }
}
