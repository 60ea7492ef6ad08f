package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;

/**
 * The element-wise functions of one argument, each with its value and its derivative side by side.
 * {@link #grad} receives the upstream gradient g, the input x and the output y, and returns
 * ∂L/∂x = g · f'(x) written with tensor ops (so that it can itself be differentiated).
 */
public enum UnaryFunction {
    /** −x; derivative −1. */
    NEG {
        double apply(double x) { return -x; }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.neg(); }
    },
    /** |x|; derivative sign(x) (0 at 0). */
    ABS {
        double apply(double x) { return Math.abs(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.sign()); }
    },
    /** sign(x); derivative 0. */
    SIGN {
        double apply(double x) { return Double.isNaN(x) ? 0 : Math.signum(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** eˣ; derivative eˣ = y. */
    EXP {
        double apply(double x) { return Math.exp(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y); }
    },
    /** ln x; derivative 1/x. */
    LOG {
        double apply(double x) { return Math.log(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(x); }
    },
    /** ln(1+x); derivative 1/(1+x). */
    LOG1P {
        double apply(double x) { return Math.log1p(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(x.add(1)); }
    },
    /** eˣ−1; derivative eˣ = y+1. */
    EXPM1 {
        double apply(double x) { return Math.expm1(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.add(1)); }
    },
    /** √x; derivative 1/(2√x) = 1/(2y). */
    SQRT {
        double apply(double x) { return Math.sqrt(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(y.mul(2)); }
    },
    /** 1/√x; derivative −½·x^(−3/2) = −½·y³. */
    RSQRT {
        double apply(double x) { return 1 / Math.sqrt(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.pow(3)).mul(-0.5); }
    },
    /** x²; derivative 2x. */
    SQUARE {
        double apply(double x) { return x * x; }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x).mul(2); }
    },
    /** 1/x; derivative −1/x² = −y². */
    RECIPROCAL {
        double apply(double x) { return 1 / x; }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.square()).neg(); }
    },
    /** sin x; derivative cos x. */
    SIN {
        double apply(double x) { return Math.sin(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.cos()); }
    },
    /** cos x; derivative −sin x. */
    COS {
        double apply(double x) { return Math.cos(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.sin()).neg(); }
    },
    /** tanh x; derivative 1 − tanh²x = 1 − y². */
    TANH {
        double apply(double x) { return Math.tanh(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.square().rsub(1)); }
    },
    /** σ(x) = 1/(1+e^−x); derivative σ(1−σ) = y(1−y). */
    SIGMOID {
        double apply(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.mul(y.rsub(1))); }
    },
    /** max(x, 0); derivative 1 for x > 0, else 0 (0 at the kink, as PyTorch). */
    RELU {
        double apply(double x) { return x > 0 ? x : 0; }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.gt(0).to(g.dtype())); }
    },
    /** erf x = 2/√π ∫₀ˣ e^(−t²) dt; derivative 2/√π·e^(−x²). */
    ERF {
        double apply(double x) { return SpecialFunctions.erf(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))); }
    },
    /** ⌊x⌋; derivative 0. */
    FLOOR {
        double apply(double x) { return Math.floor(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** ⌈x⌉; derivative 0. */
    CEIL {
        double apply(double x) { return Math.ceil(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** Round half to even; derivative 0. */
    ROUND {
        double apply(double x) { return Math.rint(x); }
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    };

    /** The function's value at x. */
    abstract double apply(double x);

    /** ∂L/∂x from the upstream gradient g, the input x and the output y. */
    abstract Tensor grad(Tensor g, Tensor x, Tensor y);

    /** The value at x, for callers outside the package (reference implementations, tests). */
    public double valueAt(double x) {
        return apply(x);
    }
}
