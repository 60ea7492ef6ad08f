package dev.kiln.optim;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, applied to the {@code grad} of parameters in place between
 * {@code backward()} and {@code step()}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(model.parameters(), 1.0, 2.0);
 * opt.step();
 * }</pre>
 */
public final class GradClip {
    private GradClip() {
    }

    /** What {@link #clipGradNorm(Iterable, double, double, NonfiniteNorm)} does when the total norm is NaN or infinite. */
    public enum NonfiniteNorm {
        /** Scales the gradients anyway (they become NaN or zero), as PyTorch does by default. */
        CLIP,
        /** Throws and leaves the gradients alone (PyTorch's {@code error_if_nonfinite=True}). */
        THROW
    }

    /**
     * Scales all gradients together so that their joint p-norm is at most {@code maxNorm}.
     *
     * <p>{@code total = (Σ|g|^p)^(1/p)} over every element of every gradient ({@code max|g|} for
     * p = ∞); {@code coef = maxNorm / (total + 1e-6)}; when {@code coef < 1} every gradient is
     * multiplied by {@code coef}. Parameters without a gradient are skipped.
     *
     * @param params the parameters whose gradients are clipped
     * @param maxNorm the largest allowed norm
     * @param normType p (≥ 1, or {@link Double#POSITIVE_INFINITY})
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, NonfiniteNorm.CLIP);
    }

    /**
     * {@return {@link #clipGradNorm(Iterable, double, double)} that, with {@link NonfiniteNorm#THROW}, refuses
     * (and leaves the gradients alone) when the total norm is NaN or infinite}
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param maxNorm the largest allowed total norm of the gradients (&gt; 0)
     * @param normType the order p of the norm (2 for the Euclidean norm; {@code Double.POSITIVE_INFINITY} for the largest magnitude)
     * @param onNonfinite {@link NonfiniteNorm#THROW} to throw when the total norm is NaN or infinite, {@link NonfiniteNorm#CLIP} to scale anyway
     */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType, NonfiniteNorm onNonfinite) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: norm type must be positive or infinity, got " + normType);
        }
        List<Tensor> grads = grads(params);
        double total = totalNorm(grads, normType);
        if (onNonfinite == NonfiniteNorm.THROW && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " of the gradients is " + total
                    + "; they cannot be clipped (pass NonfiniteNorm.CLIP to scale them anyway)");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            try (var off = GradMode.disabled()) {
                for (Tensor g : grads) {
                    g.detach().mul_(coef);
                }
            }
        }
        return total;
    }

    /**
     * {@return {@link #clipGradNorm(Iterable, double, double)} with the 2-norm}
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param maxNorm the largest allowed total norm of the gradients (&gt; 0)
     */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2);
    }

    /**
     * {@return the joint p-norm of the gradients of {@code params} (∞ for the largest magnitude), without clipping}
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param normType the order p of the norm (2 for the Euclidean norm; {@code Double.POSITIVE_INFINITY} for the largest magnitude)
     */
    public static double totalNorm(Iterable<Tensor> params, double normType) {
        return totalNorm(grads(params), normType);
    }

    /**
     * Clamps every gradient element to [−clipValue, clipValue].
     *
     * @param params the parameters whose gradients are clipped (those without one are skipped)
     * @param clipValue the largest allowed magnitude (≥ 0)
     */
    public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip value must be >= 0, got " + clipValue);
        }
        try (var off = GradMode.disabled()) {
            for (Tensor g : grads(params)) {
                g.detach().clamp_(-clipValue, clipValue);
            }
        }
    }

    private static List<Tensor> grads(Iterable<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                out.add(p.grad());
            }
        }
        return out;
    }

    private static double totalNorm(List<Tensor> grads, double p) {
        boolean inf = Double.isInfinite(p);
        double acc = 0;
        for (Tensor g : grads) {
            if (g.dtype() == DType.FLOAT32 && g.isContiguous()) {
                float[] a = TensorInternals.floats(g);
                for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) {
                    acc = accumulate(acc, Math.abs(a[i]), p, inf);
                }
            } else {
                for (double v : g.toDoubleArray()) {
                    acc = accumulate(acc, Math.abs(v), p, inf);
                }
            }
        }
        if (inf) {
            return acc;
        }
        return p == 1 ? acc : p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p);
    }

    private static double accumulate(double acc, double a, double p, boolean inf) {
        if (inf) {
            return Math.max(acc, a);
        }
        return acc + (p == 2 ? a * a : p == 1 ? a : Math.pow(a, p));
    }
}
