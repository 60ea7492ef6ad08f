package dev.kiln.nn.functional;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/** Focal losses (Lin et al. 2017): the sigmoid form of torchvision and the multi-class softmax form. */
public final class FocalLosses {
    private FocalLosses() {
    }

    /**
     * {@return sigmoid focal loss on logits x and 0/1 targets t of the same shape: with p = σ(x),
     * ce = BCE-with-logits(x, t), p_t = p·t + (1−p)(1−t): loss = ce·(1−p_t)^γ, times
     * α_t = α·t + (1−α)(1−t) when α ≥ 0 (a negative α turns the weighting off)}
     *
     * @param input logits: any shape (sigmoid), or (N, C) (softmax)
     * @param target targets in [0, 1] of the input's shape (sigmoid), or int64 class indices (N) (softmax)
     * @param alpha the weight of positives, in [0, 1] (negatives get 1 − alpha; negative for none)
     * @param gamma the focusing exponent γ (≥ 0; 0 gives the plain cross-entropy)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        ClassificationLosses.sameShape("sigmoid_focal_loss", input, target);
        Tensor t = target.to(Pointwise.floating(input).dtype());
        Tensor p = input.sigmoid();
        Tensor ce = ClassificationLosses.binaryCrossEntropyWithLogits(input, t, null, null, Reduction.NONE);
        Tensor pt = p.mul(t).add(p.rsub(1).mul(t.rsub(1)));
        Tensor loss = gamma == 0 ? ce : ce.mul(pt.rsub(1).pow(gamma));
        if (alpha >= 0) {
            loss = loss.mul(t.mul(alpha).add(t.rsub(1).mul(1 - alpha)));
        }
        return reduction.apply(loss);
    }

    /**
     * {@return softmax focal loss on logits (N, C) and int64 targets (N): with lp = log_softmax(x),
     * lp_t = lp[n, y_n], p_t = e^(lp_t): loss_n = −(1−p_t)^γ·lp_t, times alpha[y_n] when
     * {@code alpha} (C) is given} {@code MEAN} is the plain mean over N.
     *
     * @param input logits: any shape (sigmoid), or (N, C) (softmax)
     * @param target targets in [0, 1] of the input's shape (sigmoid), or int64 class indices (N) (softmax)
     * @param alpha class weights (C), or null
     * @param gamma the focusing exponent γ (≥ 0; 0 gives the plain cross-entropy)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor softmaxFocalLoss(Tensor input, Tensor target, Tensor alpha, double gamma, Reduction reduction) {
        if (input.dim() != 2) {
            throw new IllegalArgumentException("softmax_focal_loss: expected logits (N, C), got " + Shape.str(input.shape()));
        }
        ClassTargets ct = ClassTargets.of("softmax_focal_loss", input, target, null);
        Tensor lp = Softmax.logSoftmax(input, 1);
        Tensor lpt = lp.mul(ct.oneHot(lp.dtype(), null)).sum(1, false);
        Tensor loss = lpt.neg();
        if (gamma != 0) {
            loss = loss.mul(lpt.exp().rsub(1).pow(gamma));
        }
        if (alpha != null) {
            loss = loss.mul(ct.sampleWeights(alpha, lp.dtype(), null));
        }
        return reduction.apply(loss);
    }
}
