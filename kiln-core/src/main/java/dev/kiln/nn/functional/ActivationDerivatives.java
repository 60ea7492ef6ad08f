package dev.kiln.nn.functional;

import dev.kiln.tensor.Tensor;

/**
 * The derivatives f'(x) of the element-wise activations as differentiable tensor expressions: what
 * a double backward (createGraph) through {@link Activations} differentiates. Each states the same
 * formula as the scalar derivative next to its activation, including its value at kinks and for
 * NaN (masks test x ≤ 0, so a NaN takes the x &gt; 0 branch as in PyTorch).
 */
final class ActivationDerivatives {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ActivationDerivatives() {
    }

    /** A 0/1 tensor of x's dtype. */
    private static Tensor ind(Tensor x, Tensor condition) {
        return condition.to(x.dtype());
    }

    /** {@code condition ? a : b} where b is a constant. */
    private static Tensor choose(Tensor x, Tensor condition, Tensor a, double b) {
        return Tensor.where(condition, a, Tensor.scalar(x.dtype(), b));
    }

    /** σ' = σ(1 − σ). */
    static Tensor sigmoid(Tensor x) {
        Tensor s = x.sigmoid();
        return s.mul(s.rsub(1));
    }

    /** tanh' = 1 − tanh². */
    static Tensor tanh(Tensor x) {
        return x.tanh().square().rsub(1);
    }

    /** relu' = 0 for x ≤ 0, else 1. */
    static Tensor relu(Tensor x) {
        return ind(x, x.le(0).logicalNot());
    }

    /** hardtanh' = 0 at and beyond the bounds, else 1. */
    static Tensor hardtanh(Tensor x, double min, double max) {
        return ind(x, x.le(min).logicalOr(x.ge(max)).logicalNot());
    }

    /** leaky_relu' = slope for x ≤ 0, else 1. */
    static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.le(0), Tensor.scalar(x.dtype(), slope), Tensor.scalar(x.dtype(), 1)).expand(x.shape());
    }

    /** The ELU family's scale·α·k·e^(k·x) for x ≤ 0, else scale. */
    static Tensor expLinear(Tensor x, double scale, double alpha, double k) {
        return choose(x, x.le(0), x.mul(k).exp().mul(scale * alpha * k), scale);
    }

    /** gelu' = Φ(x) + x·φ(x). */
    static Tensor gelu(Tensor x) {
        Tensor cdf = x.mul(INV_SQRT_2).erf().add(1).mul(0.5);
        Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
        return cdf.add(x.mul(pdf));
    }

    /** d/dx of 0.5·x·(1 + tanh(u)), u = √(2/π)(x + 0.044715x³). */
    static Tensor geluTanh(Tensor x) {
        Tensor t = x.pow(3).mul(0.044715).add(x).mul(SQRT_2_OVER_PI).tanh();
        Tensor du = x.square().mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
        return t.add(1).mul(0.5).add(x.mul(t.square().rsub(1)).mul(du).mul(0.5));
    }

    /** silu' = σ(x)(1 + x(1 − σ(x))). */
    static Tensor silu(Tensor x) {
        Tensor s = x.sigmoid();
        return s.mul(x.mul(s.rsub(1)).add(1));
    }

    /** log(1 + eˣ) = relu(x) + log(1 + e^−|x|), as tensor ops. */
    static Tensor softplusValue(Tensor x) {
        return x.relu().add(x.abs().neg().exp().log1p());
    }

    /** mish' = tanh(sp) + x·(1 − tanh²(sp))·σ(x), sp = softplus(x). */
    static Tensor mish(Tensor x) {
        Tensor t = softplusValue(x).tanh();
        return t.add(x.mul(t.square().rsub(1)).mul(x.sigmoid()));
    }

    /** softplus' = σ(βx), 1 past the threshold. */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        return choose(x, x.mul(beta).le(threshold), x.mul(beta).sigmoid(), 1);
    }

    /** softsign' = 1/(1 + |x|)². */
    static Tensor softsign(Tensor x) {
        return x.abs().add(1).square().reciprocal();
    }

    /** hardsigmoid' = 1/6 on (−3, 3), else 0. */
    static Tensor hardsigmoid(Tensor x) {
        return ind(x, x.gt(-3).logicalAnd(x.lt(3))).mul(1.0 / 6);
    }

    /** hardswish' = 0 below −3, (2x + 3)/6 on [−3, 3], 1 above (NaN: 1). */
    static Tensor hardswish(Tensor x) {
        Tensor middle = choose(x, x.le(3), x.mul(2).add(3).div(6), 1);
        return Tensor.where(x.lt(-3), Tensor.scalar(x.dtype(), 0), middle);
    }

    /** logsigmoid' = σ(−x). */
    static Tensor logsigmoid(Tensor x) {
        return x.neg().sigmoid();
    }

    /** tanhshrink' = tanh². */
    static Tensor tanhshrink(Tensor x) {
        return x.tanh().square();
    }

    /** hardshrink' = softshrink' = 0 on [−λ, λ], else 1. */
    static Tensor shrink(Tensor x, double lambd) {
        return ind(x, x.ge(-lambd).logicalAnd(x.le(lambd)).logicalNot());
    }

    /** threshold' = 0 for x ≤ threshold, else 1. */
    static Tensor threshold(Tensor x, double threshold) {
        return ind(x, x.le(threshold).logicalNot());
    }

    /** logit' = 1/(x(1 − x)), 0 outside [lo, hi] when clamped. */
    static Tensor logit(Tensor x, Double eps) {
        Tensor d = x.mul(x.rsub(1)).reciprocal();
        if (eps == null) {
            return d;
        }
        return Tensor.where(x.lt(eps).logicalOr(x.gt(1 - eps)), Tensor.scalar(x.dtype(), 0), d);
    }
}
