package dev.kiln.nn.functional;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Regression losses ({@code torch.nn.functional} semantics): squared, absolute, smooth-L1,
 * Huber, Poisson and Gaussian negative log-likelihood. Each is a composition of differentiable
 * tensor ops (with constant masks for the piecewise ones), so its gradient is exact.
 */
public final class RegressionLosses {
    private RegressionLosses() {
    }

    /**
     * {@return (x − y)² per element}
     *
     * @param input the predictions
     * @param target the targets, of the input's shape
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(input.sub(target).square());
    }

    /**
     * {@return |x − y| per element (derivative 0 where x = y)}
     *
     * @param input the predictions
     * @param target the targets, of the input's shape
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(input.sub(target).abs());
    }

    /**
     * {@return smooth L1: with d = |x − y|, 0.5·d²/β if d &lt; β, else d − 0.5·β} β = 0 is l1_loss.
     *
     * @param input the predictions
     * @param target the targets, of the input's shape
     * @param beta the size of the quadratic zone around 0 (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1_loss: beta must be non-negative, got " + beta);
        }
        if (beta == 0) {
            return l1Loss(input, target, reduction);
        }
        Tensor d = input.sub(target).abs();
        // select, not blend with a 0/1 mask: 0·∞ would turn an overflowing branch into NaN
        Tensor small = d.detach().lt(beta);
        return reduction.apply(Tensor.where(small, d.square().mul(0.5 / beta), d.sub(0.5 * beta)));
    }

    /**
     * {@return Huber: with d = |x − y|, 0.5·d² if d &lt; δ, else δ·(d − 0.5·δ)}
     *
     * @param input the predictions
     * @param target the targets, of the input's shape
     * @param delta the size of the quadratic zone around 0 (&gt; 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (delta <= 0) {
            throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        }
        Tensor d = input.sub(target).abs();
        Tensor small = d.detach().lt(delta);
        return reduction.apply(Tensor.where(small, d.square().mul(0.5), d.sub(0.5 * delta).mul(delta)));
    }

    /**
     * {@return Poisson negative log-likelihood: eˣ − y·x if {@code logInput}, else x − y·log(x + eps);
     * with {@code full}, plus the Stirling term y·log y − y + 0.5·log(2πy) where y &gt; 1}
     *
     * @param input the predicted rate (its log with {@code logInput})
     * @param target the observed counts, of the input's shape
     * @param logInput true when the input is the log of the rate
     * @param full true to add the constant term of the log-likelihood
     * @param eps the term added to the rate before its log (&gt; 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
            Reduction reduction) {
        Tensor y = target.to(Pointwise.floating(input).dtype());
        Tensor loss = logInput ? input.exp().sub(y.mul(input)) : input.sub(y.mul(input.add(eps).log()));
        if (full) {
            Tensor t = y.detach(); // Stirling's term y·log y − y + ½·log(2πy), a constant of the target, 0 for y ≤ 1
            Tensor stirling = t.mul(t.log()).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5)).maskedFill(t.le(1), 0);
            loss = loss.add(stirling);
        }
        return reduction.apply(loss);
    }

    /**
     * {@return Gaussian negative log-likelihood: 0.5·(log v + (x − y)²/v) (+ 0.5·log 2π when {@code full}),
     * where v = max(var, eps) in value but with the identity as its gradient (so the gradient
     * with respect to var is the formula's derivative at the clamped value)} {@code var} has the
     * input's shape, or that shape with a last dimension of 1, or the input's shape without its
     * last dimension.
     *
     * @param input the predicted means
     * @param target the targets, of the input's shape
     * @param var the predicted variances (see above for the allowed shapes)
     * @param full true to add the constant term of the log-likelihood
     * @param eps the smallest variance used (&gt; 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps,
            Reduction reduction) {
        Tensor v = var;
        if (!Shape.same(v.shape(), input.shape())) {
            int[] s = input.shape();
            int[] withoutLast = java.util.Arrays.copyOf(s, Math.max(s.length - 1, 0));
            int[] lastOne = s.clone();
            if (lastOne.length > 0) {
                lastOne[lastOne.length - 1] = 1;
            }
            if (Shape.same(v.shape(), withoutLast)) {
                v = v.unsqueeze(-1);
            } else if (!Shape.same(v.shape(), lastOne)) {
                throw new IllegalArgumentException("gaussian_nll_loss: var of shape " + Shape.str(var.shape())
                        + " does not match input " + Shape.str(s) + " (expected " + Shape.str(s) + ", " + Shape.str(lastOne)
                        + " or " + Shape.str(withoutLast) + ")");
            }
        }
        for (double value : var.toDoubleArray()) {
            if (value < 0) {
                throw new IllegalArgumentException("gaussian_nll_loss: var has negative entries");
            }
        }
        Tensor raw = v.detach();
        Tensor shift = raw.clampMin(eps).sub(raw);
        Tensor clamped = v.add(shift);
        Tensor loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
        if (full) {
            loss = loss.add(0.5 * Math.log(2 * Math.PI));
        }
        return reduction.apply(loss);
    }
}
