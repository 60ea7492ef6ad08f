package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * The common part of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's {@code _BatchNorm}):
 * {@code y = (x − E[x]) / √(Var[x] + eps) · weight + bias}, per channel.
 *
 * <p>In training mode the batch statistics are used and, with {@code trackRunningStats}, the
 * buffers {@code running_mean} and {@code running_var} are updated with {@code momentum}
 * (running_var with the unbiased batch variance) and {@code num_batches_tracked} (an int64
 * scalar) counts the batches; {@link Options#withCumulativeAverage()} gives the cumulative average
 * (factor 1/num_batches_tracked). In evaluation mode the running statistics are used, unless
 * they are not tracked, in which case batch statistics are used in both modes.
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
public abstract class BatchNorm extends Module {
    /**
     * The settings of a batch normalisation beyond its channel count, with PyTorch's defaults;
     * each {@code with…} returns a changed copy.
     *
     * <pre>{@code
     * var bn = new BatchNorm2d(64, BatchNorm2d.Options.defaults().withMomentum(0.01).withAffine(false));
     * }</pre>
     *
     * @param eps added to the variance for stability (&gt; 0)
     * @param momentum the weight of each new batch in the running statistics, in [0, 1]
     * @param cumulativeAverage whether the running statistics are a plain average over all batches
     *     instead (factor 1/num_batches_tracked; PyTorch's {@code momentum=None})
     * @param affine whether to learn a per-channel {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation (else the batch's are always used)
     */
    public record Options(double eps, double momentum, boolean cumulativeAverage, boolean affine, boolean trackRunningStats) {
        /** Checks eps and momentum. */
        public Options {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("BatchNorm.Options: eps must be positive, got " + eps);
            }
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("BatchNorm.Options: momentum must be in [0, 1], got " + momentum);
            }
        }

        /**
         * {@return PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics}
         */
        public static Options defaults() {
            return new Options(1e-5, 0.1, false, true, true);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v added to the variance, &gt; 0
         */
        public Options withEps(double v) {
            return new Options(v, momentum, cumulativeAverage, affine, trackRunningStats);
        }

        /**
         * {@return a copy with another momentum (and exponential running averages)}
         *
         * @param v the weight of each new batch, in [0, 1]
         */
        public Options withMomentum(double v) {
            return new Options(eps, v, false, affine, trackRunningStats);
        }

        /**
         * {@return a copy whose running statistics are the plain average over all batches (PyTorch's momentum=None)}
         */
        public Options withCumulativeAverage() {
            return new Options(eps, momentum, true, affine, trackRunningStats);
        }

        /**
         * {@return a copy with or without the learned per-channel scale and shift}
         *
         * @param v whether to learn weight and bias
         */
        public Options withAffine(boolean v) {
            return new Options(eps, momentum, cumulativeAverage, v, trackRunningStats);
        }

        /**
         * {@return a copy that does or does not keep running statistics}
         *
         * @param v whether to keep running_mean, running_var and num_batches_tracked
         */
        public Options withTrackRunningStats(boolean v) {
            return new Options(eps, momentum, cumulativeAverage, affine, v);
        }
    }

    private final int numFeatures;
    private final Options options;
    private final String expectedInput;
    private final int[] ranks;
    private TrainingNormalization trainingNormalization;

    /**
     * A replacement for the training-mode normalisation of a {@link BatchNorm} layer, with the
     * arguments of {@link Normalization#batchNorm} in training mode (kiln-spark's SyncBatchNorm,
     * which takes the batch statistics over all replicas, is one).
     */
    @FunctionalInterface
    public interface TrainingNormalization {
        /**
         * Normalises {@code input} (N, C, …) with its batch statistics and updates the running ones.
         *
         * @param input the batch, (N, C, …)
         * @param runningMean (C), updated in place with {@code momentum}, or null when not tracked
         * @param runningVar (C), updated in place with the unbiased batch variance, or null
         * @param weight the scale (C), or null without affine
         * @param bias the shift (C), or null without affine
         * @param momentum the weight of this batch in the running statistics
         * @param eps added to the variance
         * @return the normalised batch, of the input's shape
         */
        Tensor apply(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double momentum, double eps);
    }

    /**
     * Batch normalisation over {@code numFeatures} channels.
     *
     * @param numFeatures C, the number of channels
     * @param options eps, momentum, affine and running statistics
     * @param expectedInput the accepted input, for the message that refuses another ("a 4-D input (N, C, H, W)")
     * @param ranks the accepted numbers of dimensions
     */
    BatchNorm(int numFeatures, Options options, String expectedInput, int... ranks) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got "
                    + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.options = options;
        this.expectedInput = expectedInput;
        this.ranks = ranks.clone();
        registerState(this, numFeatures, options.affine(), options.trackRunningStats());
    }

    /**
     * Registers the state of a normalisation layer over {@code numFeatures} channels (also used by
     * {@link InstanceNorm2d}): {@code weight} (ones) and {@code bias} (zeros) when {@code affine}, and
     * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (int64 0)
     * when {@code trackRunningStats}.
     */
    static void registerState(Module layer, int numFeatures, boolean affine, boolean trackRunningStats) {
        if (affine) {
            layer.registerParameter("weight", Tensor.ones(DType.FLOAT32, numFeatures));
            layer.registerParameter("bias", Tensor.zeros(DType.FLOAT32, numFeatures));
        }
        if (trackRunningStats) {
            layer.registerBuffer("running_mean", Tensor.zeros(DType.FLOAT32, numFeatures));
            layer.registerBuffer("running_var", Tensor.ones(DType.FLOAT32, numFeatures));
            layer.registerBuffer("num_batches_tracked", Tensor.scalar(DType.INT64, 0));
        }
    }

    /** Checks the input's rank against the ranks this layer accepts. */
    private void checkRank(Tensor input) {
        for (int r : ranks) {
            if (input.dim() == r) {
                return;
            }
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + expectedInput + ", got "
                + Shape.str(input.shape()));
    }

    /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
    public void resetRunningStats() {
        if (options.trackRunningStats()) {
            try (var scope = GradMode.disabled()) {
                runningMean().zero_();
                runningVar().fill_(1);
                numBatchesTracked().zero_();
            }
        }
    }

    /** Resets the running statistics, and weight to 1 and bias to 0. */
    public void resetParameters() {
        resetRunningStats();
        if (options.affine()) {
            try (var scope = GradMode.disabled()) {
                weight().fill_(1);
                bias().zero_();
            }
        }
    }

    /**
     * {@return the scale (C), or null without affine}
     */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /**
     * {@return the shift (C), or null without affine}
     */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    /**
     * {@return the running mean (C), or null when not tracked}
     */
    public Tensor runningMean() {
        return localBuffers().get("running_mean");
    }

    /**
     * {@return the running variance (C), or null when not tracked}
     */
    public Tensor runningVar() {
        return localBuffers().get("running_var");
    }

    /**
     * {@return the number of training batches seen (int64 scalar), or null when not tracked}
     */
    public Tensor numBatchesTracked() {
        return localBuffers().get("num_batches_tracked");
    }

    /**
     * Makes training-mode forwards use {@code normalization} (null: this layer's own batch
     * statistics again); evaluation mode is unchanged.
     *
     * @param normalization the replacement, or null
     */
    public void setTrainingNormalization(TrainingNormalization normalization) {
        trainingNormalization = normalization;
    }

    @Override
    public Tensor forward(Tensor input) {
        return normalise(input, false);
    }

    /**
     * {@return {@code relu(call(input))} — this layer followed by a ReLU, as in "Conv – BN – ReLU" — with
     * the ReLU fused into the normalisation: one pass over the data for normalise, affine and rectify, one
     * backward node for both} The values and gradients are those of the two layers one after the other.
     * When this layer has forward hooks, they see its own output: then it is {@code call} and a ReLU.
     *
     * @param input the input batch, as for {@link #forward(Tensor)}
     */
    public Tensor callThenRelu(Tensor input) {
        return hasForwardHooks() ? Activations.reluConsuming(call(input)) : normalise(input, true);
    }

    /** Batch normalisation of {@code input}, rectified when {@code relu}. */
    private Tensor normalise(Tensor input, boolean relu) {
        checkRank(input);
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + numFeatures
                    + " channels (dimension 1), got input " + Shape.str(input.shape()));
        }
        boolean trackRunningStats = options.trackRunningStats();
        double factor = options.cumulativeAverage() ? 0.0 : options.momentum();
        if (isTraining() && trackRunningStats) {
            Tensor nbt = numBatchesTracked();
            try (var scope = GradMode.disabled()) {
                nbt.fill_(nbt.item() + 1);
            }
            if (options.cumulativeAverage()) {
                factor = 1.0 / nbt.item();
            }
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        Tensor rm = !isTraining() || trackRunningStats ? runningMean() : null;
        Tensor rv = !isTraining() || trackRunningStats ? runningVar() : null;
        if (isTraining() && trainingNormalization != null) {
            Tensor y = trainingNormalization.apply(input, rm, rv, weight(), bias(), factor, options.eps());
            return relu ? Activations.relu(y) : y;
        }
        return relu ? Normalization.batchNormRelu(input, rm, rv, weight(), bias(), useBatchStats, factor, options.eps())
                : Normalization.batchNorm(input, rm, rv, weight(), bias(), useBatchStats, factor, options.eps());
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + options.eps() + ", momentum=" + (options.cumulativeAverage() ? "None" : options.momentum())
                + ", affine=" + (options.affine() ? "True" : "False") + ", track_running_stats="
                + (options.trackRunningStats() ? "True" : "False");
    }
}
