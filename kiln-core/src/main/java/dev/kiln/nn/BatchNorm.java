package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
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
 * scalar) counts the batches; a null momentum gives the cumulative average
 * (factor 1/num_batches_tracked). In evaluation mode the running statistics are used, unless
 * they are not tracked, in which case batch statistics are used in both modes.
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;
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
     * @param eps added to the variance for stability (PyTorch default 1e-5)
     * @param momentum running-statistics factor (default 0.1), or null for a cumulative average
     * @param affine learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats keep running statistics buffers
     */
    protected BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got "
                    + numFeatures);
        }
        if (eps <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        registerState(this, numFeatures, affine, trackRunningStats);
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

    /**
     * Checks the input's rank (and names the layer in the message).
     *
     * @param input the input batch, (N, C, …)
     */
    protected abstract void checkInput(Tensor input);

    /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
    public void resetRunningStats() {
        if (trackRunningStats) {
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
        if (affine) {
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
        checkInput(input);
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + numFeatures
                    + " channels (dimension 1), got input " + Shape.str(input.shape()));
        }
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor nbt = numBatchesTracked();
            try (var scope = GradMode.disabled()) {
                nbt.fill_(nbt.item() + 1);
            }
            if (momentum == null) {
                factor = 1.0 / nbt.item();
            }
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        Tensor rm = !isTraining() || trackRunningStats ? runningMean() : null;
        Tensor rv = !isTraining() || trackRunningStats ? runningVar() : null;
        if (isTraining() && trainingNormalization != null) {
            return trainingNormalization.apply(input, rm, rv, weight(), bias(), factor, eps);
        }
        return Normalization.batchNorm(input, rm, rv, weight(), bias(), useBatchStats, factor, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + (momentum == null ? "None" : momentum) + ", affine="
                + (affine ? "True" : "False") + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }
}
