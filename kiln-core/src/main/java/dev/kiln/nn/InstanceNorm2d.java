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
     * The settings of an instance normalisation beyond its channel count, with PyTorch's defaults
     * (which differ from batch norm's: no affine, no running statistics); each {@code with…}
     * returns a changed copy.
     *
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     * @param momentum the weight of each new batch in the running statistics, in [0, 1]
     * @param affine whether to learn per-channel {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep {@code running_mean}, {@code running_var} and
     *     {@code num_batches_tracked} buffers and use them in evaluation
     */
    public record Options(double eps, double momentum, boolean affine, boolean trackRunningStats) {
        /**
         * {@return PyTorch's defaults: eps 1e-5, momentum 0.1, no affine, no running statistics}
         */
        public static Options defaults() {
            return new Options(1e-5, 0.1, false, false);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v added to the variance, &gt; 0
         */
        public Options withEps(double v) {
            return new Options(v, momentum, affine, trackRunningStats);
        }

        /**
         * {@return a copy with another momentum}
         *
         * @param v the weight of each new batch, in [0, 1]
         */
        public Options withMomentum(double v) {
            return new Options(eps, v, affine, trackRunningStats);
        }

        /**
         * {@return a copy with or without the learned per-channel scale and shift}
         *
         * @param v whether to learn weight and bias
         */
        public Options withAffine(boolean v) {
            return new Options(eps, momentum, v, trackRunningStats);
        }

        /**
         * {@return a copy that does or does not keep running statistics}
         *
         * @param v whether to keep the running statistics buffers
         */
        public Options withTrackRunningStats(boolean v) {
            return new Options(eps, momentum, affine, v);
        }
    }

    private final int numFeatures;
    private final Options options;

    /**
     * eps 1e-5, momentum 0.1, no affine, no running statistics.
     *
     * @param numFeatures C, the number of channels
     */
    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, Options.defaults());
    }

    /**
     * Instance normalisation with the given options.
     *
     * @param numFeatures C, the number of channels
     * @param options eps, momentum, affine and running statistics
     */
    public InstanceNorm2d(int numFeatures, Options options) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("InstanceNorm2d: num_features must be positive, got " + numFeatures);
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
