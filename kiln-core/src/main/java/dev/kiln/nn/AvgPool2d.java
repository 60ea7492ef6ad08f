package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;

/**
 * 2-D average pooling over (N, C, H, W) or (C, H, W) inputs (see {@link Pooling#avgPool2d});
 * no parameters.
 *
 * <pre>{@code
 * Tensor y = new AvgPool2d(2).forward(Tensor.randn(1, 3, 8, 8)); // (1, 3, 4, 4)
 * }</pre>
 */
public class AvgPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /**
     * Square windows of {@code kernelSize}, stride = kernel size, no padding.
     *
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, false, true, null);
    }

    /**
     * Average pooling.
     *
     *
     * @param stride one value, a pair, or null for the kernel size
     * @param padding zero padding, at most half the kernel
     * @param countIncludePad whether the padding counts in the divisor
     * @param divisorOverride null, or the divisor used for every window
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param ceilMode true to round the output size up (a last partial window), false to round it down
     */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            Integer divisorOverride) {
        this.kernelSize = ConvNd.pair("kernel_size", kernelSize, 1);
        this.stride = stride == null ? this.kernelSize : ConvNd.pair("stride", stride, 1);
        this.padding = ConvNd.pair("padding", padding, 0);
        if (divisorOverride != null && divisorOverride <= 0) {
            throw new IllegalArgumentException("AvgPool2d: divisor_override must be positive, got " + divisorOverride);
        }
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] > this.kernelSize[i] / 2) {
                throw new IllegalArgumentException("AvgPool2d: padding should be at most half of kernel size, got padding "
                        + ConvNd.tuple(this.padding) + " for kernel " + ConvNd.tuple(this.kernelSize));
            }
        }
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + ConvNd.tuple(kernelSize) + ", stride=" + ConvNd.tuple(stride) + ", padding="
                + ConvNd.tuple(padding);
    }
}
