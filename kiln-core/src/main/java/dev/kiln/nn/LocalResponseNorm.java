package dev.kiln.nn;

import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.Tensor;

/**
 * Local response normalisation across neighbouring channels (AlexNet):
 * {@code b_c = a_c / (k + alpha/n · Σ_{c'} a_{c'}²)^beta} (see
 * {@link Normalization#localResponseNorm}); no parameters.
 *
 * <pre>{@code
 * Tensor y = new LocalResponseNorm(5).forward(Tensor.randn(1, 16, 8, 8));
 * }</pre>
 */
public class LocalResponseNorm extends Module {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    /**
     * alpha 1e-4, beta 0.75, k 1 (PyTorch's defaults).
     *
     * @param size n, the number of neighbouring channels summed over
     */
    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    /**
     * Local response normalisation with every constant given.
     *
     * @param size n, the number of neighbouring channels summed over
     * @param alpha the scale of the sum of squares
     * @param beta the exponent of the denominator
     * @param k the additive constant of the denominator
     */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size < 1) {
            throw new IllegalArgumentException("LocalResponseNorm: size must be positive, got " + size);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Normalization.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    public String extraRepr() {
        return size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k;
    }
}
