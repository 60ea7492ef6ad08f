package dev.kiln.nn;

import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Layer normalisation over the trailing dimensions {@code normalizedShape}, with an element-wise
 * affine transform of that shape (see {@link Normalization#layerNorm}).
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(512);
 * Tensor y = ln.forward(Tensor.randn(8, 10, 512));
 * }</pre>
 */
@SuppressWarnings("this-escape") // layers register their state in the constructor
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    /**
     * Normalises over the last dimension of size {@code features}; affine, eps 1e-5.
     *
     * @param features the size of the last dimension, the one normalised over
     */
    public LayerNorm(int features) {
        this(new int[] {features}, 1e-5, true, true);
    }

    /**
     * Layer normalisation over the trailing {@code normalizedShape}, with every option given.
     *
     * @param normalizedShape the trailing dimensions to normalise over
     * @param elementwiseAffine learn {@code weight} (ones) of that shape
     * @param bias with elementwiseAffine, also learn {@code bias} (zeros)
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
        }
        for (int s : normalizedShape) {
            if (s < 1) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape must be positive, got "
                        + Shape.str(normalizedShape));
            }
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(DType.FLOAT32, normalizedShape));
            registerParameter("bias", bias ? Tensor.zeros(DType.FLOAT32, normalizedShape) : null);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return Normalization.layerNorm(input, normalizedShape, localParameters().get("weight"),
                localParameters().get("bias"), eps);
    }

    @Override
    public String extraRepr() {
        return ConvNd.tuple(normalizedShape) + ", eps=" + eps + ", elementwise_affine="
                + (elementwiseAffine ? "True" : "False");
    }
}
