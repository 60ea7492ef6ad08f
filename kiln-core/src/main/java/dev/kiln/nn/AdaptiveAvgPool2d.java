package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;

/**
 * Adaptive 2-D average pooling to a fixed output size, whatever the input size (see
 * {@link Pooling#adaptiveAvgPool2d}); no parameters.
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool2d(1).forward(Tensor.randn(8, 512, 7, 7)); // (8, 512, 1, 1)
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    /**
     * A square output {@code outputSize × outputSize}.
     *
     * @param outputSize the output's spatial size (one value, or (oh, ow))
     */
    public AdaptiveAvgPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    /**
     * An output of one value or (oh, ow).
     *
     * @param outputSize the output's spatial size (one value, or (oh, ow))
     */
    public AdaptiveAvgPool2d(int[] outputSize) {
        this.outputSize = ConvNd.sizes("AdaptiveAvgPool2d", "output_size", outputSize, 2, 1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.adaptiveAvgPool2d(input, outputSize);
    }

    @Override
    public String extraRepr() {
        return "output_size=" + ConvNd.tuple(outputSize);
    }
}
