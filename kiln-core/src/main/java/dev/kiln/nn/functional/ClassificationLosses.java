package dev.kiln.nn.functional;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.backend.CrossEntropyTargets;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Classification losses ({@code torch.nn.functional} semantics): binary cross-entropy on
 * probabilities and on logits, cross-entropy, negative log-likelihood and KL divergence.
 */
public final class ClassificationLosses {
    /** PyTorch's default ignore_index. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private ClassificationLosses() {
    }

    /**
     * {@return binary cross-entropy on probabilities, as PyTorch computes it at the edges: the loss is
     * −w·(y·max(log x, −100) + (1−y)·max(log(1−x), −100)), and the gradient with respect to x is
     * w·(x − y) / max(x·(1 − x), 1e−12), finite for x exactly 0 or 1 (a saturated sigmoid); the
     * gradient with respect to the target is w·(log(1−x) − log x)} {@code weight} (nullable)
     * broadcasts against the input. The gradients are built from tensor ops, so they can be
     * differentiated again.
     *
     * @param input probabilities in [0, 1]
     * @param target targets in [0, 1], of the input's shape
     * @param weight a weight broadcast against the input, or null
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("binary_cross_entropy", input, target);
        Tensor x = Pointwise.floating(input);
        Tensor y = target.to(x.dtype());
        Tensor w = weight == null ? null : weight.to(x.dtype());
        Tensor loss;
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            loss = bceValue(x, y, w);
        }
        if (Engine.needsGrad(x, y, w)) {
            Engine.record(loss, new BceBackward(x, y, w));
        }
        return reduction.apply(loss);
    }

    /** −w·(y·max(log x, −100) + (1−y)·max(log(1−x), −100)), element-wise. */
    private static Tensor bceValue(Tensor x, Tensor y, Tensor w) {
        Tensor logX = x.log().clampMin(-100);
        Tensor log1mX = x.rsub(1).log().clampMin(-100);
        Tensor loss = y.mul(logX).add(y.rsub(1).mul(log1mX)).neg();
        return w == null ? loss : loss.mul(w);
    }

    /** PyTorch's binary_cross_entropy backward: ∂/∂x = w·(x − y)/max(x(1−x), 1e−12), ∂/∂y = w·(log(1−x) − log x), ∂/∂w = loss/w. */
    private static final class BceBackward extends LibraryNode {
        private static final double EPSILON = 1e-12;
        private final dev.kiln.autograd.SavedTensor x;
        private final dev.kiln.autograd.SavedTensor y;
        private final dev.kiln.autograd.SavedTensor w;

        BceBackward(Tensor x, Tensor y, Tensor w) {
            super(x, y, w);
            this.x = save(x);
            this.y = save(y);
            this.w = w == null ? null : save(w);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xs = x.get(this);
            Tensor ys = y.get(this);
            Tensor ws = w == null ? null : w.get(this);
            Tensor gw = ws == null ? g : g.mul(ws);
            Tensor gx = null;
            Tensor gy = null;
            Tensor gwt = null;
            if (needsGrad(0)) {
                gx = gw.mul(xs.sub(ys)).div(xs.mul(xs.rsub(1)).clampMin(EPSILON));
            }
            if (needsGrad(1)) {
                gy = gw.mul(xs.rsub(1).log().sub(xs.log()));
            }
            if (ws != null && needsGrad(2)) {
                gwt = g.mul(bceValue(xs, ys, null));
            }
            return new Tensor[] {gx, gy, gwt};
        }

        @Override
        public String name() {
            return "BinaryCrossEntropyBackward";
        }
    }

    /**
     * {@return binary cross-entropy on logits, computed stably as
     * (1−y)·x − (1 + (pw−1)·y)·log σ(x), which equals −w·(pw·y·log σ(x) + (1−y)·log(1−σ(x)))}
     * {@code weight} broadcasts against the input; {@code posWeight} (shape (C,)) along the last
     * dimension. Both nullable.
     *
     * @param input logits
     * @param target targets in [0, 1], of the input's shape
     * @param weight a weight broadcast against the input, or null
     * @param posWeight the weight of positive examples per class (C) along the last dimension, or null
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        sameShape("binary_cross_entropy_with_logits", input, target);
        if (weight == null && posWeight == null) {
            return reduction.apply(bceWithLogitsFused(Pointwise.floating(input), target));
        }
        Tensor y = target.to(input.dtype());
        Tensor logSig = Activations.logsigmoid(input);
        Tensor coeff = posWeight == null ? null : posWeight.to(input.dtype()).sub(1).mul(y).add(1);
        Tensor loss = y.rsub(1).mul(input).sub(coeff == null ? logSig : coeff.mul(logSig));
        if (weight != null) {
            loss = loss.mul(weight.to(input.dtype()));
        }
        return reduction.apply(loss);
    }

    /**
     * Unweighted BCE-with-logits in one pass ({@link Backend#binaryCrossEntropyWithLogits}: max(x, 0) − x·y +
     * log(1 + e^(−|x|)), gradient σ(x) − y, computed in double, stored in the input's dtype; float64
     * through {@link ReferenceBackend}).
     */
    private static Tensor bceWithLogitsFused(Tensor input, Tensor target) {
        Tensor xc = input.contiguous();
        double[] y = target.toDoubleArray();
        int n = xc.numel();
        int off = xc.offset();
        boolean isFloat = xc.dtype() == DType.FLOAT32;
        double[] loss = new double[n];
        if (isFloat) {
            xc.device().backend().binaryCrossEntropyWithLogits(TensorInternals.floats(xc), off, y, loss, n);
        } else {
            ReferenceBackend.INSTANCE.binaryCrossEntropyWithLogits(TensorInternals.doubles(xc), off, y, loss, n);
        }
        Tensor out = TensorInternals.wrap(Storage.wrap(loss), xc.shape());
        out = isFloat ? out.to(DType.FLOAT32) : out;
        if (Engine.needsGrad(input)) {
            Engine.record(out, new BceWithLogitsBackward(xc, y));
        }
        return out;
    }

    /**
     * {@return cross-entropy of logits (N, C) or (N, C, d1, …) — log-softmax over dimension 1 fused into
     * the negative log-likelihood}
     *
     * <p>Class-index targets (int64, shape (N, d1, …)): loss_n = (1−ε)·nll_n + (ε/C)·smooth_n
     * with nll_n = −w[y_n]·lp[n, y_n] and smooth_n = −Σ_c w[c]·lp[n, c] (both 0 for ignored
     * samples); {@code MEAN} divides the sum by Σ_{not ignored} w[y_n].
     *
     * <p>Probability targets (float, the input's shape): t' = (1−ε)·t + ε/C and
     * loss_n = −Σ_c w[c]·t'[n, c]·lp[n, c]; {@code MEAN} divides by N·d1·… .
     *
     *
     * @param weight class weights (C), or null
     * @param ignoreIndex target value whose samples are skipped (class-index targets only)
     * @param labelSmoothing ε in [0, 1]
     * @param input logits (N, C) or (N, C, d1, …)
     * @param target int64 class indices (N) or (N, d1, …), or class probabilities of the input's shape
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
            Reduction reduction) {
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (input.dim() == 1) {
            // An unbatched (C) input: class-index target of shape (), or probabilities of shape (C).
            Tensor t = target.dtype().isFloatingPoint() ? target.unsqueeze(0) : target.reshape(1);
            Tensor r = crossEntropy(input.unsqueeze(0), t, weight, ignoreIndex, labelSmoothing, reduction);
            return reduction == Reduction.NONE ? r.squeeze(0) : r;
        }
        int c = input.size(1);
        if (target.dtype().isFloatingPoint()) {
            Tensor lp = Softmax.logSoftmax(input, 1);
            if (!Shape.same(input.shape(), target.shape())) {
                throw new IllegalArgumentException("cross_entropy: probability targets must have the input's shape "
                        + Shape.str(input.shape()) + ", got " + Shape.str(target.shape()));
            }
            Tensor t = target.to(lp.dtype());
            if (labelSmoothing > 0) {
                t = t.mul(1 - labelSmoothing).add(labelSmoothing / c);
            }
            Tensor prod = t.mul(lp);
            if (weight != null) {
                prod = prod.mul(ClassTargets.broadcastWeight(weight, input));
            }
            Tensor loss = prod.sum(1, false).neg();
            return reduction.apply(loss);
        }
        Long ignore = ignoreIndex;
        ClassTargets ct = ClassTargets.of("cross_entropy", input, target, ignore);
        Tensor loss = FusedCrossEntropy.perSample(input, ct, weight, ignore, labelSmoothing);
        return reduction.applyWeighted(loss, () -> ct.weightSum(weight, ignore));
    }

    /**
     * {@return cross_entropy with no weight, ignore_index −100, no smoothing and mean reduction}
     *
     * @param input logits (N, C) or (N, C, d1, …)
     * @param target int64 class indices (N) or (N, d1, …), or class probabilities of the input's shape
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    /**
     * {@return negative log-likelihood of log-probabilities (N, C) or (N, C, d1, …) with int64 targets
     * (N, d1, …): loss_n = −w[y_n]·input[n, y_n], 0 for ignored samples; {@code MEAN} is the
     * weighted mean Σ loss_n / Σ_{not ignored} w[y_n]}
     *
     * @param input log-probabilities (N, C) or (N, C, d1, …)
     * @param target int64 class indices (N) or (N, d1, …)
     * @param weight class weights (C), or null
     * @param ignoreIndex the target class whose samples are skipped
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        if (input.dim() == 1) {
            Tensor r = nllLoss(input.unsqueeze(0), target.reshape(1), weight, ignoreIndex, reduction);
            return reduction == Reduction.NONE ? r.squeeze(0) : r;
        }
        Long ignore = ignoreIndex;
        ClassTargets ct = ClassTargets.of("nll_loss", input, target, ignore);
        Tensor loss = nll(Pointwise.floating(input), ct, weight, ignore);
        return reduction.applyWeighted(loss, () -> ct.weightSum(weight, ignore));
    }

    /** Per-sample −w[y]·x[n, y, i] by direct indexing (no one-hot); backward scatters into the target column. */
    private static Tensor nll(Tensor input, ClassTargets ct, Tensor weight, Long ignore) {
        if (weight != null && weight.numel() != ct.classes) {
            throw new IllegalArgumentException("nll_loss: weight has " + weight.numel() + " elements; expected " + ct.classes);
        }
        Tensor c = input.contiguous();
        CrossEntropyTargets t = ct.rows(weight, ignore, 0);
        double[] loss = new double[t.rows()];
        Backend backend = c.device().backend();
        if (c.dtype() == DType.FLOAT32) {
            backend.nllLoss(TensorInternals.floats(c), c.offset(), t, loss);
        } else {
            backend.nllLoss(TensorInternals.doubles(c), c.offset(), t, loss);
        }
        Tensor out = TensorInternals.wrap(Storage.wrap(loss), ct.targetShape).to(c.dtype());
        if (Engine.needsGrad(input)) {
            Engine.record(out, new NllBackward(input, t));
        }
        return out;
    }

    /**
     * {@return KL divergence with {@code input} holding log-probabilities: y·(log y − x), 0 where y = 0;
     * with a target of log-probabilities, e^y·(y − x)} Reductions: NONE, SUM, MEAN (over elements),
     * BATCHMEAN (sum / input.size(0), the divergence per sample).
     *
     * @param input log-probabilities
     * @param target probabilities or log-probabilities (see {@code targetForm}), of the input's shape
     * @param reduction NONE, MEAN, SUM or BATCHMEAN (the sum divided by the batch size)
     * @param targetForm whether {@code target} holds probabilities or log-probabilities
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, ProbabilityForm targetForm) {
        sameShape("kl_div", input, target);
        Tensor y = target.to(Pointwise.floating(input).dtype());
        Tensor loss;
        if (targetForm == ProbabilityForm.LOG_PROBABILITIES) {
            loss = y.exp().mul(y.sub(input));
        } else {
            Tensor t = y.detach(); // y·log y is a constant of the target: 0 at y = 0, NaN below
            Tensor ylogy = t.mul(t.log()).maskedFill(t.eq(0), 0);
            loss = ylogy.sub(y.mul(input));
        }
        return reduction.apply(loss);
    }

    static void sameShape(String op, Tensor input, Tensor target) {
        if (!Shape.same(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Shape.str(target.shape()) + " differs from input shape "
                    + Shape.str(input.shape()));
        }
    }

    private static final class BceWithLogitsBackward extends LibraryNode {
        private final dev.kiln.autograd.SavedTensor logits;
        private final double[] target;

        BceWithLogitsBackward(Tensor logits, double[] target) {
            super(logits);
            this.logits = save(logits);
            this.target = target;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = logits.get(this);
            double[] gs = g.toDoubleArray();
            int n = x.numel();
            if (x.dtype() == DType.FLOAT32) {
                float[] gx = new float[n];
                x.device().backend().binaryCrossEntropyWithLogitsBackward(TensorInternals.floats(x), x.offset(), target, gs, gx, n);
                return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), x.shape())};
            }
            double[] gx = new double[n];
            ReferenceBackend.INSTANCE.binaryCrossEntropyWithLogitsBackward(TensorInternals.doubles(x), x.offset(), target, gs, gx, n);
            return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), x.shape())};
        }

        @Override
        public String name() {
            return "BinaryCrossEntropyWithLogitsBackward";
        }
    }

    private static final class NllBackward extends LibraryNode {
        private final CrossEntropyTargets targets;
        private final int[] shape;
        private final DType type;

        NllBackward(Tensor input, CrossEntropyTargets targets) {
            super(input);
            this.targets = targets;
            this.shape = input.shape();
            this.type = input.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            double[] gs = g.toDoubleArray();
            int n = Shape.numel(shape);
            Backend backend = g.device().backend();
            if (type == DType.FLOAT32) {
                float[] gx = new float[n];
                backend.nllLossBackward(targets, gs, gx);
                return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), shape)};
            }
            double[] gx = new double[n];
            backend.nllLossBackward(targets, gs, gx);
            return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), shape).to(type)};
        }

        @Override
        public String name() {
            return "NllLossBackward";
        }
    }
}
