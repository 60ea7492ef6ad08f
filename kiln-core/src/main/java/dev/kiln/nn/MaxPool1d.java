package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * 1-D max pooling over (N, C, L) or (C, L) inputs (see {@link Pooling#maxPool1d}); no parameters.
 *
 * <pre>{@code
 * Tensor y = new MaxPool1d(2).forward(Tensor.randn(4, 3, 10)); // (4, 3, 5)
 * }</pre>
 */
public class MaxPool1d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean ceilMode;

    /**
     * Windows of {@code kernelSize}, stride = kernel size.
     *
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, null, 0, 1, false);
    }

    /**
     * Max pooling.
     *
     *
     * @param stride null means the kernel size
     * @param padding implicit −∞ padding, at most half the kernel
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param ceilMode true to round the output size up (a last partial window), false to round it down
     */
    public MaxPool1d(int kernelSize, Integer stride, int padding, int dilation, boolean ceilMode) {
        if (kernelSize < 1 || (stride != null && stride < 1) || dilation < 1 || padding < 0 || padding > kernelSize / 2) {
            throw new IllegalArgumentException("MaxPool1d: need kernel_size, stride, dilation ≥ 1 and 0 ≤ padding ≤ "
                    + "kernel_size/2, got " + kernelSize + ", " + stride + ", " + dilation + ", " + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride == null ? kernelSize : stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * {@return the pooled values and the index along L of each maximum}
     *
     * @param input the input batch
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
