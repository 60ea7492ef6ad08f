package dev.kiln.nn;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Batch normalisation over (N, C, H, W) inputs, with statistics per channel over N, H and W
 * (see {@link BatchNorm}).
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16);
 * Tensor y = bn.forward(Tensor.randn(8, 16, 10, 10));
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {

    /**
     * Affine, tracking running statistics, eps 1e-5, momentum 0.1.
     *
     * @param numFeatures C, the number of channels
     */
    public BatchNorm2d(int numFeatures) {
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
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: expected a 4-D input (N, C, H, W), got "
                    + Shape.str(input.shape()));
        }
    }
}
