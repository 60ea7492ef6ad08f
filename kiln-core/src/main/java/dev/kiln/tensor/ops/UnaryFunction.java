package dev.kiln.tensor.ops;

import dev.kiln.backend.Activation;
import dev.kiln.backend.Backend;
import dev.kiln.backend.MathFunction;
import dev.kiln.tensor.Tensor;

/**
 * The element-wise functions of one argument, each with its value and its derivative side by side:
 * the value is an entry of the backend's tables ({@link MathFunction}, or {@link Activation} for
 * tanh, sigmoid and relu), which the backend runs over float32, float64 and (neg, abs, sign) int64
 * storage. {@link #grad} receives the upstream gradient g, the input x and the output y, and returns
 * ∂L/∂x = g · f'(x) written with tensor ops (so that it can itself be differentiated).
 */
public enum UnaryFunction {
    /** −x; derivative −1. */
    NEG(MathFunction.NEG) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.neg(); }
    },
    /** |x|; derivative sign(x) (0 at 0). */
    ABS(MathFunction.ABS) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.sign()); }
    },
    /** sign(x); derivative 0. */
    SIGN(MathFunction.SIGN) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** eˣ; derivative eˣ = y. */
    EXP(MathFunction.EXP) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y); }
    },
    /** ln x; derivative 1/x. */
    LOG(MathFunction.LOG) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(x); }
    },
    /** ln(1+x); derivative 1/(1+x). */
    LOG1P(MathFunction.LOG1P) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(x.add(1)); }
    },
    /** eˣ−1; derivative eˣ = y+1. */
    EXPM1(MathFunction.EXPM1) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.add(1)); }
    },
    /** √x; derivative 1/(2√x) = 1/(2y). */
    SQRT(MathFunction.SQRT) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.div(y.mul(2)); }
    },
    /** 1/√x; derivative −½·x^(−3/2) = −½·y³. */
    RSQRT(MathFunction.RSQRT) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.pow(3)).mul(-0.5); }
    },
    /** x²; derivative 2x. */
    SQUARE(MathFunction.SQUARE) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x).mul(2); }
    },
    /** 1/x; derivative −1/x² = −y². */
    RECIPROCAL(MathFunction.RECIPROCAL) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.square()).neg(); }
    },
    /** sin x; derivative cos x. */
    SIN(MathFunction.SIN) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.cos()); }
    },
    /** cos x; derivative −sin x. */
    COS(MathFunction.COS) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.sin()).neg(); }
    },
    /** tanh x; derivative 1 − tanh²x = 1 − y². */
    TANH(new Activation.Tanh()) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.square().rsub(1)); }
    },
    /** σ(x) = 1/(1+e^−x); derivative σ(1−σ) = y(1−y). */
    SIGMOID(new Activation.Sigmoid()) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(y.mul(y.rsub(1))); }
    },
    /** max(x, 0); derivative 1 for x > 0, else 0 (0 at the kink, as PyTorch). */
    RELU(new Activation.Relu()) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.gt(0).to(g.dtype())); }
    },
    /** erf x = 2/√π ∫₀ˣ e^(−t²) dt; derivative 2/√π·e^(−x²). */
    ERF(MathFunction.ERF) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))); }
    },
    /** ⌊x⌋; derivative 0. */
    FLOOR(MathFunction.FLOOR) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** ⌈x⌉; derivative 0. */
    CEIL(MathFunction.CEIL) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    },
    /** Round half to even; derivative 0. */
    ROUND(MathFunction.ROUND) {
        Tensor grad(Tensor g, Tensor x, Tensor y) { return g.zerosLike(); }
    };

    /** The value as an elementary function of the backend's table, or null. */
    private final MathFunction math;
    /** The value as an activation of the backend's table, or null. */
    private final Activation activation;

    UnaryFunction(MathFunction math) {
        this.math = math;
        this.activation = null;
    }

    UnaryFunction(Activation activation) {
        this.math = null;
        this.activation = activation;
    }

    /** y[yo+i] = f(x[xo+i]) for i &lt; n, on {@code backend}'s loop. */
    void forward(Backend backend, float[] x, int xo, float[] y, int yo, int n) {
        if (math != null) {
            backend.map(math, x, xo, y, yo, n);
        } else {
            backend.activationForward(activation, x, xo, y, yo, n);
        }
    }

    /** y[yo+i] = f(x[xo+i]) for i &lt; n in float64, on {@code backend}'s float64 loop. */
    void forward(Backend backend, double[] x, int xo, double[] y, int yo, int n) {
        if (math != null) {
            backend.map(math, x, xo, y, yo, n);
        } else {
            backend.activationForward(activation, x, xo, y, yo, n);
        }
    }

    /** Whether an int64 input gives an int64 result (neg, abs, sign); the others compute in float32. */
    boolean keepsInt64() {
        return math != null && math.hasInt64Form();
    }

    /** y[yo+i] = f(x[xo+i]) for i &lt; n in int64, for a function that {@linkplain #keepsInt64 keeps int64}. */
    void forward(Backend backend, long[] x, int xo, long[] y, int yo, int n) {
        backend.map(math, x, xo, y, yo, n);
    }

    /** ∂L/∂x from the upstream gradient g, the input x and the output y. */
    abstract Tensor grad(Tensor g, Tensor x, Tensor y);
}
