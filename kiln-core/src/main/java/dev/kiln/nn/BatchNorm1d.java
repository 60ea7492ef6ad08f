package dev.kiln.nn;

/**
 * Batch normalisation over (N, C) or (N, C, L) inputs (see {@link BatchNorm}; other settings go
 * in {@link BatchNorm.Options}).
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(100);
 * Tensor y = bn.forward(Tensor.randn(32, 100)); // normalised per feature over the batch
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {

    /**
     * Affine, tracking running statistics, eps 1e-5, momentum 0.1.
     *
     * @param numFeatures C, the number of channels
     */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, Options.defaults());
    }

    /**
     * Batch normalisation with the given options.
     *
     * @param numFeatures C, the number of channels
     * @param options eps, momentum, affine and running statistics
     */
    public BatchNorm1d(int numFeatures, Options options) {
        super(numFeatures, options, "a 2-D or 3-D input (N, C) or (N, C, L)", 2, 3);
    }
}
