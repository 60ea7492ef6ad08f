package dev.kiln.backend;

/**
 * Binary cross-entropy on a logit x against a target y, the element formula of
 * {@link Backend#binaryCrossEntropyWithLogits} and its gradient, in float64:
 *
 * <pre>
 *   loss(x, y) = −(y·log σ(x) + (1 − y)·log(1 − σ(x))) = max(x, 0) − x·y + log(1 + e^(−|x|))
 *   ∂loss/∂x   = σ(x) − y
 * </pre>
 *
 * (the right-hand form never overflows).
 */
public final class BinaryCrossEntropy {
    private BinaryCrossEntropy() {
    }

    /**
     * {@return the loss of logit x against target y}
     *
     * @param x the logit
     * @param y the target, in [0, 1]
     */
    public static double loss(double x, double y) {
        return Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * {@return ∂loss/∂x = σ(x) − y}
     *
     * @param x the logit
     * @param y the target, in [0, 1]
     */
    public static double gradient(double x, double y) {
        return Activation.sigma(x) - y;
    }
}
