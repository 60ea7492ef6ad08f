package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.nn.functional.Rounding;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * 1-D max pooling over (N, C, L) or (C, L) inputs (see {@link Pooling#maxPool1d}); no parameters.
 * Other settings go in {@link MaxPoolNd.Options}.
 *
 * <pre>{@code
 * Tensor y = new MaxPool1d(2).forward(Tensor.randn(4, 3, 10)); // (4, 3, 5)
 * var overlapping = new MaxPool1d(3, MaxPool1d.Options.defaults().withStride(2).withPadding(1));
 * }</pre>
 */
public class MaxPool1d extends MaxPoolNd {
    /**
     * Windows of {@code kernelSize}, stride = kernel size.
     *
     * @param kernelSize the window length
     */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, Options.defaults());
    }

    /**
     * Max pooling with the given options.
     *
     * @param kernelSize the window length
     * @param options stride, padding, dilation and ceil mode (one value each)
     */
    public MaxPool1d(int kernelSize, Options options) {
        super("MaxPool1d", 1, new int[] {kernelSize}, options);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.maxPool1d(input, kernelSize[0], stride[0], padding[0], dilation[0], Rounding.ofCeilMode(ceilMode));
    }

    /**
     * {@return the pooled values and the index along L of each maximum}
     *
     * @param input the input batch
     */
    @Override
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool1dWithIndices(input, kernelSize[0], stride[0], padding[0], dilation[0],
                Rounding.ofCeilMode(ceilMode));
    }
}
