package dev.kiln.nn;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Batch normalisation over (N, C) or (N, C, L) inputs (see {@link BatchNorm}).
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
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * See {@link BatchNorm#BatchNorm(int, double, Double, boolean, boolean)}.
     *
     * @param numFeatures C, the number of channels
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     * @param momentum the weight of each new batch in the running statistics, in [0, 1]
     * @param affine true to learn a per-channel scale and shift
     * @param trackRunningStats true to keep running statistics for evaluation, false to always use the batch's
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected a 2-D or 3-D input (N, C) or (N, C, L), got "
                    + Shape.str(input.shape()));
        }
    }
}
