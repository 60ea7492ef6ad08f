package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Statistics built from the primitive reductions: variance, standard deviation, vector p-norms
 * and a numerically stable log-sum-exp. The composites get their gradients from the ops they are
 * made of; the p-norm has its own backward so that the gradient at a zero vector is 0, not NaN.
 */
public final class Statistics {
    private Statistics() {
    }

    /**
     * The variance over {@code dims} (null = all): {@code Σ (x − mean)² / (N − correction)}, where N
     * is the number of reduced elements. {@code correction = 1} is Bessel's correction (unbiased),
     * 0 the population variance. With N − correction ≤ 0 the result is inf or NaN, as in PyTorch.
     */
    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        requireFloat("var", x);
        boolean[] mask = Reductions.reducedMask("var", x.dim(), dims);
        long n = reducedCount(x.shape(), mask);
        Tensor mean = Reductions.mean(x, dims, true);
        Tensor dev = x.sub(mean);
        Tensor ss = Reductions.sum(dev.mul(dev), dims, keepdim);
        return ss.div(Math.max(n - correction, 0));
    }

    /**
     * The standard deviation over {@code dims}: {@code sqrt(var(x, dims, correction))}. Its gradient
     * is that of the variance times 1/(2·std), and 0 where std = 0 (a constant slice), as PyTorch's.
     */
    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        requireFloat("std", x);
        Tensor v = var(x, dims, correction, keepdim);
        Tensor s;
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            s = v.detach().sqrt();
        }
        if (Engine.needsGrad(v)) {
            // ∂std/∂var = 1/(2·std), masked to 0 where std = 0
            Engine.record(s, FormulaNode.of("StdBackward", inputs(v), saving(s), (g, saved) -> {
                Tensor std = saved.get(0);
                return new Tensor[] {g.div(std.mul(2)).maskedFill(std.eq(0), 0)};
            }));
        }
        return s;
    }

    /**
     * The vector p-norm over {@code dims} (null = all elements as one vector):
     * {@code (Σ |x|^p)^(1/p)}; {@code p = +∞} gives {@code max |x|}, {@code p = −∞} {@code min |x|}
     * and {@code p = 0} the number of non-zero elements.
     *
     * <p>∂/∂x = {@code sign(x)·|x|^(p−1) / ‖x‖^(p−1)} (0 where ‖x‖ = 0 or x = 0); for ±∞ the
     * gradient goes to the elements of largest (smallest) magnitude, split evenly among ties.
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        requireFloat("norm", x);
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("norm: p must be a number or ±infinity, got NaN");
        }
        boolean[] mask = Reductions.reducedMask("norm", x.dim(), dims);
        if (p == Double.POSITIVE_INFINITY) {
            return MaxMin.amax(x.abs(), dims, keepdim);
        }
        if (p == Double.NEGATIVE_INFINITY) {
            return MaxMin.amin(x.abs(), dims, keepdim);
        }
        Tensor in = x.detach();
        Tensor out;
        if (p == 0) {
            return Reductions.sum(in.ne(0).to(x.dtype()), dims, keepdim);
        } else if (p == 1) {
            out = Reductions.sum(in.abs(), dims, keepdim);
        } else if (p == 2) {
            out = Reductions.sum(in.mul(in), dims, keepdim).sqrt();
        } else {
            out = Reductions.sum(in.abs().pow(p), dims, keepdim).pow(1.0 / p);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("NormBackward", inputs(x), saving(x, out), (g, s) -> {
                Tensor input = s.get(0);
                int[] shape = input.shape();
                Tensor n = Reductions.expandBack(s.get(1), shape, mask);
                Tensor ge = Reductions.expandBack(g, shape, mask);
                Tensor local;
                if (p == 1) {
                    local = input.sign();
                } else if (p == 2) {
                    local = input.div(n);
                } else {
                    local = input.sign().mul(input.abs().pow(p - 1)).div(n.pow(p - 1));
                }
                Tensor zero = n.eq(0).logicalOr(input.eq(0));
                return new Tensor[] {Indexing.where(zero, Tensor.scalar(input.dtype(), 0), local.mul(ge))};
            }));
        }
        return out;
    }

    /**
     * {@code log Σ exp(x)} over {@code dims}, computed as {@code m + log Σ exp(x − m)} with
     * {@code m = max(x)} (detached, and 0 where it is infinite) so that large logits neither
     * overflow nor underflow. ∂/∂x = softmax(x) over the reduced dims, times g.
     */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        boolean[] mask = Reductions.reducedMask("logsumexp", in.dim(), dims);
        if (in.numel() == 0) {
            return Reductions.sum(in, dims, keepdim).log();
        }
        Tensor lse;
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            Tensor m = MaxMin.amax(in.detach(), dims, true);
            m = Indexing.where(m.isinf(), Tensor.scalar(m.dtype(), 0), m);
            lse = Reductions.sum(in.detach().sub(m).exp(), dims, true).log().add(m);
        }
        if (Engine.needsGrad(in)) {
            // PyTorch's logsumexp backward, g·e^(x − lse) with lse the rounded result (so that where the result is
            // dominated by one huge term, that term gets the whole gradient, as in PyTorch)
            Engine.record(lse, FormulaNode.of("LogsumexpBackward", inputs(in), saving(in, lse),
                    (g, s) -> new Tensor[] {g.mul(s.get(0).sub(s.get(1)).exp())}));
        }
        return keepdim ? lse : lse.reshape(Reductions.reducedShape(in.shape(), mask, false));
    }

    private static long reducedCount(int[] shape, boolean[] mask) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                n *= shape[i];
            }
        }
        return n;
    }

    private static void requireFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + x.dtype()
                    + " of shape " + Shape.str(x.shape()));
        }
    }
}
