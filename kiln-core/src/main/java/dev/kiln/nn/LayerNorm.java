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
    /**
     * The settings of a layer normalisation beyond its shape, with PyTorch's defaults; each
     * {@code with…} returns a changed copy.
     *
     * <pre>{@code
     * var ln = new LayerNorm(new int[] {512}, LayerNorm.Options.defaults().withEps(1e-6).withBias(false));
     * }</pre>
     *
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     * @param elementwiseAffine whether to learn {@code weight} (ones) of the normalised shape
     * @param bias with elementwiseAffine, whether to also learn {@code bias} (zeros)
     */
    public record Options(double eps, boolean elementwiseAffine, boolean bias) {
        /**
         * {@return PyTorch's defaults: eps 1e-5, element-wise affine with a bias}
         */
        public static Options defaults() {
            return new Options(1e-5, true, true);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v added to the variance, &gt; 0
         */
        public Options withEps(double v) {
            return new Options(v, elementwiseAffine, bias);
        }

        /**
         * {@return a copy with or without the learned weight (and bias)}
         *
         * @param v whether to learn the element-wise affine transform
         */
        public Options withElementwiseAffine(boolean v) {
            return new Options(eps, v, bias);
        }

        /**
         * {@return a copy with or without the learned bias}
         *
         * @param v whether to learn the bias (with elementwiseAffine)
         */
        public Options withBias(boolean v) {
            return new Options(eps, elementwiseAffine, v);
        }
    }

    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    /**
     * Normalises over the last dimension of size {@code features}; affine, eps 1e-5.
     *
     * @param features the size of the last dimension, the one normalised over
     */
    public LayerNorm(int features) {
        this(new int[] {features}, Options.defaults());
    }

    /**
     * Layer normalisation over the trailing {@code normalizedShape} with the given options.
     *
     * @param normalizedShape the trailing dimensions to normalise over
     * @param options eps, element-wise affine and bias
     */
    public LayerNorm(int[] normalizedShape, Options options) {
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
        this.eps = options.eps();
        this.elementwiseAffine = options.elementwiseAffine();
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(DType.FLOAT32, normalizedShape));
            registerParameter("bias", options.bias() ? Tensor.zeros(DType.FLOAT32, normalizedShape) : null);
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
