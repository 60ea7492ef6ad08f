package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;

/**
 * Entropy and its relatives for discrete distributions, in nats (natural logarithm; divide by
 * ln 2 for bits), each differentiable and built from differentiable tensor ops (so higher-order
 * gradients work too).
 *
 * <p>A distribution is a tensor whose entries along {@code dim} are its probabilities (they sum
 * to 1), or, for the {@code …OfLogits} forms, unnormalised log-probabilities that a softmax along
 * {@code dim} turns into probabilities (any real value, −∞ for an impossible outcome). The other
 * dimensions are batch dimensions and broadcast between P and Q; the result has {@code dim} removed.
 *
 * <ul>
 * <li>entropy H(P) = −Σᵢ pᵢ log pᵢ;</li>
 * <li>cross-entropy H(P, Q) = −Σᵢ pᵢ log qᵢ;</li>
 * <li>Kullback–Leibler divergence D_KL(P‖Q) = Σᵢ pᵢ log(pᵢ / qᵢ), so that H(P, Q) = D_KL(P‖Q) + H(P);</li>
 * <li>binary entropy H_b(p) = −p log p − (1 − p) log(1 − p), element-wise, for a Bernoulli(p).</li>
 * </ul>
 *
 * <p>The convention 0 · log 0 = 0 (and 0 · log(0/q) = 0) holds everywhere, and its gradient is
 * finite: a term whose pᵢ is 0 contributes 0 to the value and to the gradient of Q (as
 * {@code torch.xlogy}). Where pᵢ &gt; 0 but qᵢ = 0 the cross-entropy and the divergence are +∞.
 *
 * <pre>{@code
 * Tensor p = Tensor.of(0.5, 0.25, 0.25);
 * Entropy.entropy(p, -1);                       // 1.0397 nats = 1.5 bits
 * Entropy.klDivergenceOfLogits(a, b, -1);       // D_KL(softmax(a) ‖ softmax(b)) per row
 * }</pre>
 */
public final class Entropy {
    private Entropy() {
    }

    // ------------------------------------------------------------------ from probabilities

    /**
     * H(P) = −Σᵢ pᵢ log pᵢ along {@code dim}.
     *
     * @param p probabilities, any shape; entries along {@code dim} sum to 1
     * @param dim the dimension of the outcomes (negative counts from the end)
     * @return p's shape without {@code dim}
     */
    public static Tensor entropy(Tensor p, int dim) {
        Tensor pf = floating(p);
        return xlogy(pf, pf).sum(dim).neg();
    }

    /**
     * {@return H(P, Q) = −Σᵢ pᵢ log qᵢ along {@code dim}}
     *
     *
     * @param p probabilities of P
     * @param q probabilities of Q (broadcast against p)
     * @param dim the dimension of the outcomes
     */
    public static Tensor crossEntropy(Tensor p, Tensor q, int dim) {
        return xlogy(floating(p), floating(q)).sum(dim).neg();
    }

    /**
     * {@return D_KL(P‖Q) = Σᵢ pᵢ (log pᵢ − log qᵢ) along {@code dim}; ≥ 0, and 0 exactly when P = Q}
     *
     *
     * @param p probabilities of P
     * @param q probabilities of Q (broadcast against p)
     * @param dim the dimension of the outcomes
     */
    public static Tensor klDivergence(Tensor p, Tensor q, int dim) {
        Tensor pf = floating(p);
        Tensor qf = floating(q);
        return xlogy(pf, pf).sub(xlogy(pf, qf)).sum(dim);
    }

    /**
     * H_b(p) = −p log p − (1 − p) log(1 − p), element-wise: the entropy of a Bernoulli(p), at most
     * ln 2 (at p = ½), 0 at p = 0 and p = 1.
     *
     * @param p probabilities of the outcome 1, any shape
     * @return p's shape
     */
    public static Tensor binaryEntropy(Tensor p) {
        Tensor pf = floating(p);
        Tensor q = pf.rsub(1);
        return xlogy(pf, pf).add(xlogy(q, q)).neg();
    }

    // ------------------------------------------------------------------ from logits

    /**
     * {@return H(softmax(a)) along {@code dim}: −Σᵢ pᵢ log pᵢ with log pᵢ = log_softmax(a)ᵢ, stable for
     * logits of any magnitude and for −∞ entries}
     *
     *
     * @param logits unnormalised log-probabilities of P
     * @param dim the dimension of the outcomes
     */
    public static Tensor entropyOfLogits(Tensor logits, int dim) {
        Tensor logP = Softmax.logSoftmax(floating(logits), dim);
        Tensor p = logP.exp();
        return plogq(p, logP).sum(dim).neg();
    }

    /**
     * {@return H(softmax(a), softmax(b)) = −Σᵢ softmax(a)ᵢ · log_softmax(b)ᵢ along {@code dim}}
     *
     *
     * @param logitsP unnormalised log-probabilities of P
     * @param logitsQ unnormalised log-probabilities of Q (broadcast against logitsP)
     * @param dim the dimension of the outcomes
     */
    public static Tensor crossEntropyOfLogits(Tensor logitsP, Tensor logitsQ, int dim) {
        Tensor p = Softmax.softmax(floating(logitsP), dim);
        Tensor logQ = Softmax.logSoftmax(floating(logitsQ), dim);
        return plogq(p, logQ).sum(dim).neg();
    }

    /**
     * {@return D_KL(softmax(a)‖softmax(b)) = Σᵢ pᵢ (log_softmax(a)ᵢ − log_softmax(b)ᵢ) along {@code dim}}
     *
     *
     * @param logitsP unnormalised log-probabilities of P
     * @param logitsQ unnormalised log-probabilities of Q (broadcast against logitsP)
     * @param dim the dimension of the outcomes
     */
    public static Tensor klDivergenceOfLogits(Tensor logitsP, Tensor logitsQ, int dim) {
        Tensor logP = Softmax.logSoftmax(floating(logitsP), dim);
        Tensor logQ = Softmax.logSoftmax(floating(logitsQ), dim);
        Tensor p = logP.exp();
        return plogq(p, logP).sub(plogq(p, logQ)).sum(dim);
    }

    /**
     * H_b(σ(x)) element-wise, from the logit x of the outcome 1: with log σ(x) = −softplus(−x) and
     * log(1 − σ(x)) = −softplus(x), H_b = σ(x)·softplus(−x) + σ(−x)·softplus(x), finite for
     * every finite x (it tends to 0 as |x| grows).
     *
     * @param logits logits of the outcome 1, any shape
     * @return the logits' shape
     */
    public static Tensor binaryEntropyOfLogits(Tensor logits) {
        Tensor x = floating(logits);
        Tensor negX = x.neg();
        return x.sigmoid().mul(Activations.softplus(negX)).add(negX.sigmoid().mul(Activations.softplus(x)));
    }

    // ------------------------------------------------------------------ the 0·log 0 = 0 convention

    /**
     * x · log y element-wise, 0 where x = 0 (even where y = 0), as {@code torch.xlogy}; the
     * gradients are log y and x / y where x ≠ 0, and 0 where x = 0.
     */
    static Tensor xlogy(Tensor x, Tensor y) {
        Tensor zero = x.eq(0);
        Tensor safeY = Tensor.where(zero, Tensor.scalar(y.dtype(), 1), y);
        return x.mul(safeY.log());
    }

    /**
     * p · log q element-wise for a log-probability {@code logQ}, 0 where p = 0 (even where
     * log q = −∞), with finite gradients there.
     */
    private static Tensor plogq(Tensor p, Tensor logQ) {
        return p.mul(logQ.maskedFill(p.eq(0), 0));
    }

    private static Tensor floating(Tensor t) {
        return t.dtype().isFloatingPoint() ? t : t.to(DType.FLOAT32);
    }
}
