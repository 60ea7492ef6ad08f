package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Metric-learning losses (SCHEMA.md §7.4): contrastive (Hadsell et al. 2006), multi-class
 * N-pair (Sohn 2016) and InfoNCE. See {@link TripletMining} for triplet selection.
 */
public final class MetricLosses {
    private MetricLosses() {
    }

    /**
     * {@return contrastive loss for pairs (x1_n, x2_n) of shape (N, D) and int64 labels (N), 1 = similar:
     * with d = ‖x1 − x2‖₂, loss_n = 0.5·(y·d² + (1−y)·max(0, margin − d)²)}
     *
     * @param x1 the first embeddings, (N, D)
     * @param x2 the second embeddings, (N, D)
     * @param label 1 for similar pairs, 0 for dissimilar ones, (N)
     * @param margin the margin the loss enforces (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor contrastiveLoss(Tensor x1, Tensor x2, Tensor label, double margin, Reduction reduction) {
        pairShapes("contrastive_loss", x1, x2);
        Tensor diff = x1.sub(x2);
        Tensor d2 = diff.square().sum(x1.dim() - 1, false);
        Tensor y = label.to(d2.dtype());
        if (!Shape.same(y.shape(), d2.shape())) {
            throw new IllegalArgumentException("contrastive_loss: label shape " + Shape.str(label.shape()) + ", expected "
                    + Shape.str(d2.shape()));
        }
        // the norm's gradient is 0 at d = 0 (identical embeddings), where √(d²)'s would be ∞·0
        Tensor d = diff.norm(2, new int[] {x1.dim() - 1}, false);
        Tensor hinge = d.rsub(margin).relu().square();
        Tensor loss = y.mul(d2).add(y.rsub(1).mul(hinge)).mul(0.5);
        return reduction.apply(loss);
    }

    /**
     * {@return multi-class N-pair loss for anchors and positives (N, D), pair i being anchor i's only
     * positive: cross-entropy of logits = anchors·positivesᵀ with targets 0…N−1, plus
     * 0.25·λ·(mean‖anchor‖² + mean‖positive‖²)} Returns a scalar.
     *
     * @param anchors the anchor embeddings, (N, D)
     * @param positives the positive embeddings, (N, D), row i the positive of anchor i
     * @param l2Reg the weight of the L2 penalty on the embeddings (≥ 0)
     */
    public static Tensor npairLoss(Tensor anchors, Tensor positives, double l2Reg) {
        pairShapes("npair_loss", anchors, positives);
        Tensor logits = anchors.matmul(positives.t());
        Tensor ce = ClassificationLosses.crossEntropy(logits, diagonalTargets(anchors.size(0)));
        Tensor reg = anchors.square().sum(1, false).mean().add(positives.square().sum(1, false).mean());
        return ce.add(reg.mul(0.25 * l2Reg));
    }

    /**
     * {@return N-pair loss with class labels (TensorFlow's {@code npairs_loss}): the anchors and positives
     * (N, D) come in pairs of one class each, {@code labels} (N, int64) names the classes, and a
     * positive whose class repeats in the batch is not a negative for the other anchors of that
     * class} With logits = anchors·positivesᵀ and targets tᵢⱼ = [yᵢ = yⱼ] / #{k : yₖ = yᵢ},
     * <pre>
     *     loss = (1/N) Σᵢ −Σⱼ tᵢⱼ log softmax(logitsᵢ)ⱼ + 0.25·λ·(mean‖aᵢ‖² + mean‖pᵢ‖²)
     * </pre>
     * With N distinct labels it is {@link #npairLoss(Tensor, Tensor, double)}. Returns a scalar.
     *
     * @param anchors the anchor embeddings, (N, D)
     * @param positives the positive embeddings, (N, D), row i the positive of anchor i
     * @param labels the class label of each anchor, an int64 tensor (N); anchors of one class share positives
     * @param l2Reg the weight of the L2 penalty on the embeddings (≥ 0)
     */
    public static Tensor npairLoss(Tensor anchors, Tensor positives, Tensor labels, double l2Reg) {
        pairShapes("npair_loss", anchors, positives);
        int n = anchors.size(0);
        if (labels.dtype() != DType.INT64 || labels.dim() != 1 || labels.size(0) != n) {
            throw new IllegalArgumentException("npair_loss: labels must be int64 of shape (" + n + "), got " + labels.dtype() + " "
                    + Shape.str(labels.shape()));
        }
        Tensor same = labels.reshape(n, 1).eq(labels.reshape(1, n)).to(Pointwise.floating(anchors).dtype());
        Tensor targets = same.div(same.sum(1, true));
        Tensor logits = anchors.matmul(positives.t());
        Tensor ce = ClassificationLosses.crossEntropy(logits, targets, null, ClassificationLosses.DEFAULT_IGNORE_INDEX, 0,
                Reduction.MEAN);
        Tensor reg = anchors.square().sum(1, false).mean().add(positives.square().sum(1, false).mean());
        return ce.add(reg.mul(0.25 * l2Reg));
    }

    /**
     * {@return InfoNCE for queries and keys (N, D), key i being query i's positive: with unit-normalised
     * rows x / max(‖x‖, 1e−12) (the clamp taken before the square root, as {@code F.normalize}, so an
     * all-zero row has a finite gradient), logits[i, j] = q̂_i·k̂_j / τ and
     * loss_i = −log_softmax(logits[i])[i]}
     *
     * @param query the query embeddings, (N, D)
     * @param keys the key embeddings, (N, D); key i is the positive of query i, the others its negatives
     * @param temperature the temperature τ the similarities are divided by (&gt; 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor infoNce(Tensor query, Tensor keys, double temperature, Reduction reduction) {
        pairShapes("info_nce", query, keys);
        if (temperature <= 0) {
            throw new IllegalArgumentException("info_nce: temperature must be positive, got " + temperature);
        }
        Tensor q = normalizeRows(query);
        Tensor k = normalizeRows(keys);
        Tensor logits = q.matmul(k.t()).div(temperature);
        return ClassificationLosses.crossEntropy(logits, diagonalTargets(query.size(0)), null,
                ClassificationLosses.DEFAULT_IGNORE_INDEX, 0, reduction);
    }

    static Tensor normalizeRows(Tensor x) {
        return Layers.normalize(x, 2, 1, 1e-12);
    }

    private static Tensor diagonalTargets(int n) {
        return Tensor.arange(0, n, 1, DType.INT64);
    }

    private static void pairShapes(String op, Tensor a, Tensor b) {
        if (a.dim() != 2 || !Shape.same(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": expected two (N, D) inputs of the same shape, got " + Shape.str(a.shape())
                    + " and " + Shape.str(b.shape()));
        }
    }
}
