package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * 2-D max pooling over (N, C, H, W) or (C, H, W) inputs (see {@link Pooling#maxPool2d}); no
 * parameters.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);                     // 2×2 windows, stride 2
 * Tensor y = pool.forward(Tensor.randn(64, 6, 28, 28)); // (64, 6, 14, 14)
 * }</pre>
 */
public class MaxPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    /**
     * Square windows of {@code kernelSize}, stride = kernel size.
     *
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false);
    }

    /**
     * Max pooling.
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value, a pair, or null for the kernel size
     * @param padding implicit −∞ padding, at most half the kernel
     * @param dilation spacing between window elements
     * @param ceilMode round the output size up
     */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = ConvNd.pair("kernel_size", kernelSize, 1);
        this.stride = stride == null ? this.kernelSize : ConvNd.pair("stride", stride, 1);
        this.padding = ConvNd.pair("padding", padding, 0);
        this.dilation = ConvNd.pair("dilation", dilation, 1);
        this.ceilMode = ceilMode;
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] > this.kernelSize[i] / 2) {
                throw new IllegalArgumentException("MaxPool2d: padding should be at most half of kernel size, got padding "
                        + ConvNd.tuple(this.padding) + " for kernel " + ConvNd.tuple(this.kernelSize));
            }
        }
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
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + ConvNd.tuple(kernelSize) + ", stride=" + ConvNd.tuple(stride) + ", padding="
                + ConvNd.tuple(padding) + ", dilation=" + ConvNd.tuple(dilation) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
