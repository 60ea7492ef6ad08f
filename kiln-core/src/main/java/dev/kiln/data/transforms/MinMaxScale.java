package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/**
 * Min–max normalisation x' = (x − min) / (max − min) per feature into [0, 1], with min and max
 * fitted on the training split (a constant feature maps to 0).
 */
public final class MinMaxScale extends PerFeatureAffine {
    private MinMaxScale(Tensor min, Tensor range) {
        super(min, range);
    }

    /**
     * Fits min and max over dimension 0 of {@code train}.
     *
     * @param train the training inputs (N, F), whose per-feature minimum and maximum are used
     * @return the scaling to [0, 1] fitted on them
     */
    public static MinMaxScale fit(Tensor train) {
        float[] x = train.contiguous().toFloatArray();
        int n = train.size(0);
        int f = x.length / Math.max(n, 1);
        float[] lo = new float[f];
        float[] span = new float[f];
        for (int j = 0; j < f; j++) {
            float a = Float.POSITIVE_INFINITY;
            float b = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                a = Math.min(a, x[i * f + j]);
                b = Math.max(b, x[i * f + j]);
            }
            lo[j] = a;
            span[j] = b > a ? b - a : 1;
        }
        int[] featureShape = java.util.Arrays.copyOfRange(train.shape(), 1, train.dim());
        return new MinMaxScale(Tensor.fromArray(lo, featureShape), Tensor.fromArray(span, featureShape));
    }
}
