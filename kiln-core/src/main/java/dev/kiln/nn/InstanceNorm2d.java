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
    /**
     * {@return PyTorch's defaults of instance normalisation: eps 1e-5, momentum 0.1, no affine, no running statistics}
     * Instance normalisation has batch normalisation's settings (as in PyTorch, where both are a {@code _NormBase})
     * with other defaults, so it takes a {@link BatchNorm.Options}, without the cumulative average.
     */
    public static BatchNorm.Options defaults() {
        return BatchNorm.Options.defaults().withAffine(false).withTrackRunningStats(false);
    }

    private final int numFeatures;
    private final BatchNorm.Options options;

    /**
     * eps 1e-5, momentum 0.1, no affine, no running statistics.
     *
     * @param numFeatures C, the number of channels
     */
    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, defaults());
    }

    /**
     * Instance normalisation with the given options.
     *
     * @param numFeatures C, the number of channels
     * @param options eps, momentum, affine and running statistics, from {@link #defaults()}
     * @throws IllegalArgumentException when {@code numFeatures} is not positive or the options ask for a cumulative average
     */
    public InstanceNorm2d(int numFeatures, BatchNorm.Options options) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("InstanceNorm2d: num_features must be positive, got " + numFeatures);
        }
        if (options.cumulativeAverage()) {
            throw new IllegalArgumentException("InstanceNorm2d: running statistics are an exponential average (a momentum), not a cumulative one");
        }
        this.numFeatures = numFeatures;
        this.options = options;
        BatchNorm.registerState(this, numFeatures, options.affine(), options.trackRunningStats());
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 3 && input.dim() != 4) || input.size(input.dim() - 3) != numFeatures) {
            throw new IllegalArgumentException("InstanceNorm2d: expected input (N, " + numFeatures + ", H, W) or ("
                    + numFeatures + ", H, W), got " + Shape.str(input.shape()));
        }
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        boolean trackRunningStats = options.trackRunningStats();
        boolean useInputStats = isTraining() || !trackRunningStats;
        if (isTraining() && trackRunningStats) {
            Tensor nbt = localBuffers().get("num_batches_tracked");
            try (var scope = GradMode.disabled()) {
                nbt.fill_(nbt.item() + 1);
            }
        }
        Tensor y = Normalization.instanceNorm(x, localBuffers().get("running_mean"), localBuffers().get("running_var"),
                localParameters().get("weight"), localParameters().get("bias"), useInputStats, options.momentum(), options.eps());
        return unbatched ? y.squeeze(0) : y;
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + options.eps() + ", momentum=" + options.momentum() + ", affine="
                + (options.affine() ? "True" : "False") + ", track_running_stats=" + (options.trackRunningStats() ? "True" : "False");
    }
}
