package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Instance normalisation over (N, C, H, W) or (C, H, W) inputs: each (sample, channel) plane is
 * normalised over H·W (see {@link Normalization#instanceNorm}). By default there are no
 * parameters and no running statistics (PyTorch's defaults: affine false,
 * track_running_stats false); with {@code trackRunningStats}, evaluation mode uses the running
 * statistics like batch norm.
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm2d(3).forward(Tensor.randn(2, 3, 16, 16));
 * }</pre>
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
public class InstanceNorm2d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    /**
     * eps 1e-5, momentum 0.1, no affine, no running statistics.
     *
     * @param numFeatures C, the number of channels
     */
    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    /**
     * Instance normalisation with every option given.
     *
     * @param affine learn per-channel {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats keep {@code running_mean}, {@code running_var} and
     *     {@code num_batches_tracked} buffers
     * @param numFeatures C, the number of channels
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     * @param momentum the weight of each new batch in the running statistics, in [0, 1]
     */
    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("InstanceNorm2d: num_features must be positive, got " + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        BatchNorm.registerState(this, numFeatures, affine, trackRunningStats);
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 3 && input.dim() != 4) || input.size(input.dim() - 3) != numFeatures) {
            throw new IllegalArgumentException("InstanceNorm2d: expected input (N, " + numFeatures + ", H, W) or ("
                    + numFeatures + ", H, W), got " + Shape.str(input.shape()));
        }
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        boolean useInputStats = isTraining() || !trackRunningStats;
        if (isTraining() && trackRunningStats) {
            Tensor nbt = localBuffers().get("num_batches_tracked");
            try (var scope = GradMode.disabled()) {
                nbt.fill_(nbt.item() + 1);
            }
        }
        Tensor y = Normalization.instanceNorm(x, localBuffers().get("running_mean"), localBuffers().get("running_var"),
                localParameters().get("weight"), localParameters().get("bias"), useInputStats, momentum, eps);
        return unbatched ? y.squeeze(0) : y;
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (affine ? "True" : "False")
                + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }
}
