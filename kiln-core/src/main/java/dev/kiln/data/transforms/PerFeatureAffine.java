package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/**
 * A per-feature affine rescaling fitted on training data: x' = (x − shift) / scale, inverted by
 * x = x'·scale + shift, with {@code shift} and {@code scale} of the feature shape (broadcast over
 * the batch dimension). {@link Standardize} (shift μ, scale σ) and {@link MinMaxScale} (shift min,
 * scale max − min) differ only in how they fit the two.
 */
abstract sealed class PerFeatureAffine implements InvertibleTransform permits MinMaxScale, Standardize {
    /** Subtracted first, per feature. */
    final Tensor shift;
    /** Divided by next, per feature (never 0). */
    final Tensor scale;

    PerFeatureAffine(Tensor shift, Tensor scale) {
        this.shift = shift;
        this.scale = scale;
    }

    /** x' = (x − shift) / scale. */
    @Override
    public final Tensor apply(Tensor input) {
        return input.sub(shift).div(scale);
    }

    /** x = x'·scale + shift (a constant feature comes back as its value). */
    @Override
    public final Tensor inverse(Tensor transformed) {
        return transformed.mul(scale).add(shift);
    }
}
