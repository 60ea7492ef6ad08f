package dev.kiln.backend;

/**
 * The hyper-parameters of one Adam/AdamW update as a backend runs it ({@link Backend#adam}), at
 * step t (1-based):
 *
 * <pre>
 *   g ← sign·g                              sign = −1 if maximize, else 1
 *   g ← g + weight_decay·p   (Adam, L2)    or   p ← p·(1 − lr·weight_decay)   (AdamW, decoupled)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   v̂ ← max(v̂, v) with AMSGrad (a vmax buffer is given), else v̂ = v
 *   p ← p − lr/(1 − β1^t) · m / (√v̂ / √(1 − β2^t) + eps)
 * </pre>
 *
 * @param lr learning rate
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param eps added to the denominator
 * @param weightDecay L2 penalty (Adam) or decoupled decay (AdamW)
 * @param decay how the weight decay is applied
 * @param maximize ascend instead of descend
 * @param step the step number t, from 1
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, WeightDecay decay, boolean maximize,
        long step) {
    /** How weight decay enters the update. */
    public enum WeightDecay {
        /** Added to the gradient as an L2 penalty (Adam). */
        L2,
        /** Applied to the parameter apart from the gradient (AdamW). */
        DECOUPLED
    }

    /** Validates the step number. */
    public AdamStep {
        if (step < 1) {
            throw new IllegalArgumentException("adam: the step number starts at 1, got " + step);
        }
    }
}
