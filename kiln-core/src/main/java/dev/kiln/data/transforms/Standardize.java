package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/**
 * The z-score x' = (x − μ) / σ per feature, with μ and σ fitted on the training split only (fit
 * on train, then apply the same statistics to validation and test). A constant feature (σ = 0)
 * is only centred.
 */
public final class Standardize extends PerFeatureAffine {
    private Standardize(Tensor mean, Tensor std) {
        super(mean, std);
    }

    /**
     * Fits μ and σ (population standard deviation) over dimension 0 of {@code train} (N, F…).
     *
     * @param train the training inputs (N, F), whose per-feature mean and standard deviation are used
     * @return the standardisation {@code (x - mean) / std} fitted on them
     */
    public static Standardize fit(Tensor train) {
        Tensor x = train.to(dev.kiln.tensor.DType.FLOAT64);
        Tensor mean = x.mean(0, false);
        Tensor var = x.sub(mean).square().mean(0, false);
        Tensor std = var.sqrt();
        Tensor safe = std.add(std.eq(0).to(std.dtype()));
        return new Standardize(mean.to(train.dtype()), safe.to(train.dtype()));
    }

    /**
     * The fitted means.
     *
     * @return the per-feature mean, shape (F)
     */
    public Tensor mean() {
        return shift;
    }

    /**
     * The fitted standard deviations (1 where a feature was constant).
     *
     * @return the per-feature standard deviation, shape (F)
     */
    public Tensor std() {
        return scale;
    }
}
