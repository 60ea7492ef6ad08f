package dev.kiln.nn;

/**
 * Batch normalisation over (N, C, H, W) inputs, with statistics per channel over N, H and W
 * (see {@link BatchNorm}; other settings go in {@link BatchNorm.Options}).
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16);
 * Tensor y = bn.forward(Tensor.randn(8, 16, 10, 10));
 * var frozenScale = new BatchNorm2d(16, BatchNorm2d.Options.defaults().withAffine(false));
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {

    /**
     * Affine, tracking running statistics, eps 1e-5, momentum 0.1.
     *
     * @param numFeatures C, the number of channels
     */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, Options.defaults());
    }

    /**
     * Batch normalisation with the given options.
     *
     * @param numFeatures C, the number of channels
     * @param options eps, momentum, affine and running statistics
     */
    public BatchNorm2d(int numFeatures, Options options) {
        super(numFeatures, options, "a 4-D input (N, C, H, W)", 4);
    }
}
