package dev.kiln.nn.functional;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Margin and embedding losses ({@code torch.nn.functional} semantics): hinge embedding,
 * multi-class margin, soft margin, margin ranking, cosine embedding and triplet margin.
 * Targets of ±1 select branches through constant masks.
 */
public final class MarginLosses {
    private static final double COSINE_EPSILON = 1e-12;

    private MarginLosses() {
    }

    /**
     * {@return x where y = 1 and max(0, margin − x) where y = −1}
     *
     * @param input distances, of any shape
     * @param target 1 or −1 per element, of the input's shape
     * @param margin the margin the loss enforces (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        Tensor y = target.to(Pointwise.floating(input).dtype());
        Tensor self = y.ne(-1).to(y.dtype());
        Tensor other = y.ne(1).to(y.dtype());
        Tensor loss = input.mul(self).add(input.rsub(margin).clampMin(0).mul(other));
        return reduction.apply(loss);
    }

    /**
     * {@return multi-class margin: loss_n = Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C for input
     * (N, C) (or (C)) and int64 target (N); p is 1 or 2}
     *
     * @param input scores (N, C) or (C)
     * @param target int64 class indices (N) or ()
     * @param p the exponent of the hinge, 1 or 2
     * @param margin the margin the loss enforces (≥ 0)
     * @param weight class weights (C), or null
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight,
            Reduction reduction) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("multi_margin_loss: p must be 1 or 2, got " + p);
        }
        if (input.dim() == 1) {
            Tensor r = multiMarginLoss(input.unsqueeze(0), target.reshape(1), p, margin, weight, reduction);
            return reduction == Reduction.NONE ? r.squeeze(0) : r;
        }
        if (input.dim() != 2) {
            throw new IllegalArgumentException("multi_margin_loss: expected input (N, C), got " + Shape.str(input.shape()));
        }
        ClassTargets ct = ClassTargets.of("multi_margin_loss", input, target, null);
        Tensor x = Pointwise.floating(input);
        Tensor hot = ct.oneHot(x.dtype(), null);
        Tensor xy = x.mul(hot).sum(1, true);
        Tensor z = x.sub(xy).add(margin).relu();
        if (p == 2) {
            z = z.square();
        }
        Tensor perSample = z.mul(hot.rsub(1)).sum(1, false).div(input.size(1));
        if (weight != null) {
            perSample = perSample.mul(ct.sampleWeights(weight, x.dtype(), null));
        }
        return reduction.apply(perSample);
    }

    /**
     * {@return the binary hinge loss of a linear classifier (the SVM loss): max(0, margin − y·f(x)) for
     * scores f(x) and labels y ∈ {−1, +1} of the same shape; margin 1 is the textbook loss} The
     * gradient is −y where y·f(x) &lt; margin, else 0.
     *
     *
     * @param input scores
     * @param target 1 or −1 per element, of the input's shape
     * @param margin the margin the loss enforces (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     * @throws IllegalArgumentException when a label is not −1 or +1, or the shapes differ
     */
    public static Tensor hingeLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        ClassificationLosses.sameShape("hinge_loss", input, target);
        for (double v : target.detach().toDoubleArray()) {
            if (v != 1 && v != -1) {
                throw new IllegalArgumentException("hinge_loss: labels must be -1 or +1, got " + v);
            }
        }
        Tensor y = target.to(Pointwise.floating(input).dtype());
        return reduction.apply(input.mul(y).rsub(margin).relu());
    }

    /**
     * {@return log(1 + e^(−y·x)) = −log σ(y·x), stable for large |x|}
     *
     * @param input scores
     * @param target 1 or −1 per element, of the input's shape
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        Tensor y = target.to(Pointwise.floating(input).dtype());
        return reduction.apply(Activations.logsigmoid(input.mul(y)).neg());
    }

    /**
     * {@return max(0, −y·(x1 − x2) + margin)}
     *
     * @param input1 the first input
     * @param input2 the second input, of {@code input1}'s shape
     * @param target 1 where {@code input1} should rank higher, −1 where {@code input2} should
     * @param margin the margin the loss enforces (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        Tensor y = target.to(Pointwise.floating(input1).dtype());
        return reduction.apply(input1.sub(input2).mul(y).neg().add(margin).clampMin(0));
    }

    /**
     * {@return cosine embedding: with cos = x1·x2 / √((‖x1‖² + 1e−12)(‖x2‖² + 1e−12)) per row, 1 − cos
     * where y = 1 and max(0, cos − margin) where y = −1} Inputs (N, D) or (D), target (N) or ().
     *
     * @param input1 the first embeddings, (N, D) or (D)
     * @param input2 the second embeddings, of {@code input1}'s shape
     * @param target 1 for similar pairs, −1 for dissimilar ones, (N) or ()
     * @param margin the margin the loss enforces (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
            Reduction reduction) {
        if (!Shape.same(input1.shape(), input2.shape())) {
            throw new IllegalArgumentException("cosine_embedding_loss: input1 " + Shape.str(input1.shape()) + " and input2 "
                    + Shape.str(input2.shape()) + " differ");
        }
        int d = input1.dim() - 1;
        Tensor prod = input1.mul(input2).sum(d, false);
        Tensor m1 = input1.square().sum(d, false).add(COSINE_EPSILON);
        Tensor m2 = input2.square().sum(d, false).add(COSINE_EPSILON);
        Tensor cos = prod.div(m1.mul(m2).sqrt());
        Tensor y = target.to(cos.dtype());
        Tensor pos = y.eq(1).to(cos.dtype());
        Tensor neg = y.eq(-1).to(cos.dtype());
        Tensor loss = cos.rsub(1).mul(pos).add(cos.sub(margin).clampMin(0).mul(neg));
        return reduction.apply(loss);
    }

    /**
     * {@return triplet margin: max(0, d(a, p) − d(a, n) + margin) with d(u, v) = ‖u − v + eps‖_p along the
     * last dimension; with {@code swap}, d(a, n) is replaced by min(d(a, n), d(p, n))}
     *
     * @param anchor the anchor embeddings, (N, D)
     * @param positive the embeddings that should be near the anchors, of the anchors' shape
     * @param negative the embeddings that should be far from the anchors, of the anchors' shape
     * @param margin the margin the loss enforces (≥ 0)
     * @param p the order of the distance norm
     * @param eps a small positive term that keeps the computation finite
     * @param swap true to use the smaller of d(a, n) and d(p, n)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
            double eps, boolean swap, Reduction reduction) {
        if (!Shape.same(anchor.shape(), positive.shape()) || !Shape.same(anchor.shape(), negative.shape())) {
            throw new IllegalArgumentException("triplet_margin_loss: anchor " + Shape.str(anchor.shape()) + ", positive "
                    + Shape.str(positive.shape()) + " and negative " + Shape.str(negative.shape()) + " must have the same shape");
        }
        Tensor dPos = pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = pairwiseDistance(anchor, negative, p, eps);
        if (swap) {
            dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
        }
        return reduction.apply(dPos.sub(dNeg).add(margin).clampMin(0));
    }

    /** ‖a − b + eps‖_p along the last dimension. */
    static Tensor pairwiseDistance(Tensor a, Tensor b, double p, double eps) {
        Tensor d = a.sub(b).add(eps);
        int last = Math.max(d.dim() - 1, 0);
        if (p == 2) {
            return d.square().sum(last, false).sqrt();
        }
        if (p == 1) {
            return d.abs().sum(last, false);
        }
        if (p <= 0) {
            throw new IllegalArgumentException("pairwise distance: p must be positive, got " + p);
        }
        return d.abs().pow(p).sum(last, false).pow(1 / p);
    }
}
