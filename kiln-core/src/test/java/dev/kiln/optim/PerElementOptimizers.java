package dev.kiln.optim;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;

/**
 * The element-wise optimisers as they were before they moved to {@link Elements#forEachBlock}: each
 * reads and writes one element at a time (a float32 value rounded at every store and widened at every
 * load), the oracle {@link BlockKernelTest} compares the block kernels with bit for bit.
 */
final class PerElementOptimizers {
    private PerElementOptimizers() {
    }

    /** One float32 or float64 tensor's elements, one at a time, as doubles. */
    record PerElement(Tensor t) {
        static PerElement of(Tensor t) {
            return new PerElement(t);
        }

        double get(int i) {
            return t.dtype() == DType.FLOAT32 ? TensorInternals.floats(t)[t.offset() + i] : TensorInternals.doubles(t)[t.offset() + i];
        }

        void set(int i, double value) {
            if (t.dtype() == DType.FLOAT32) {
                TensorInternals.floats(t)[t.offset() + i] = (float) value;
            } else {
                TensorInternals.doubles(t)[t.offset() + i] = value;
            }
        }
    }

    /** {@link Adagrad} as it was before its block kernel: element by element through get/set. */
    static final class OldAdagrad extends Adagrad {
        OldAdagrad(List<Tensor> params, Adagrad.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor sum = state.buffer("sum", p, o.initialAccumulatorValue());
            long t = state.step();
            double clr = o.lr() / (1 + (t - 1) * o.lrDecay());
            double sign = o.maximize() ? -1 : 1;
            update(PerElement.of(p), PerElement.of(g), PerElement.of(sum), p.numel(), clr, sign, o.weightDecay(), o.eps());
        }

        private static void update(PerElement p, PerElement g, PerElement s, int n, double clr, double sign, double weightDecay,
                double eps) {
            for (int i = 0; i < n; i++) {
                double d = sign * g.get(i) + weightDecay * p.get(i);
                double sv = s.get(i) + d * d;
                s.set(i, sv);
                p.set(i, p.get(i) - clr * d / (Math.sqrt(sv) + eps));
            }
        }
    }

    /** {@link RMSprop} as it was before its block kernel: element by element through get/set. */
    static final class OldRMSprop extends RMSprop {
        OldRMSprop(List<Tensor> params, RMSprop.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor v = state.buffer("square_avg", p, 0);
            Tensor m = o.centered() ? state.buffer("grad_avg", p, 0) : null;
            Tensor b = o.momentum() > 0 ? state.buffer("momentum_buffer", p, 0) : null;
            double sign = o.maximize() ? -1 : 1;
            update(PerElement.of(p), PerElement.of(g), PerElement.of(v), m == null ? null : PerElement.of(m),
                    b == null ? null : PerElement.of(b), p.numel(), o.lr(), o.alpha(), o.eps(), o.weightDecay(),
                    o.momentum(), sign);
        }

        private static void update(PerElement p, PerElement g, PerElement v, PerElement m, PerElement b, int n, double lr,
                double alpha, double eps, double weightDecay, double momentum, double sign) {
            for (int i = 0; i < n; i++) {
                double d = sign * g.get(i) + weightDecay * p.get(i);
                double vv = alpha * v.get(i) + (1 - alpha) * d * d;
                v.set(i, vv);
                double denom;
                if (m != null) {
                    double mv = alpha * m.get(i) + (1 - alpha) * d;
                    m.set(i, mv);
                    denom = Math.sqrt(vv - mv * mv) + eps;
                } else {
                    denom = Math.sqrt(vv) + eps;
                }
                if (b != null) {
                    double bv = momentum * b.get(i) + d / denom;
                    b.set(i, bv);
                    p.set(i, p.get(i) - lr * bv);
                } else {
                    p.set(i, p.get(i) - lr * d / denom);
                }
            }
        }
    }

    /** {@link NAdam} as it was before its block kernel: element by element through get/set. */
    static final class OldNAdam extends NAdam {
        OldNAdam(List<Tensor> params, NAdam.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor m = state.buffer("exp_avg", p, 0);
            Tensor v = state.buffer("exp_avg_sq", p, 0);
            double product = state.scalar("mu_product", 1);
            long t = state.step();
            double mu = o.beta1() * (1 - 0.5 * Math.pow(0.96, t * o.momentumDecay()));
            double muNext = o.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay()));
            product *= mu;
            state.putScalar("mu_product", product);
            double gradCoef = o.lr() * (1 - mu) / (1 - product);
            double momentumCoef = o.lr() * muNext / (1 - product * muNext);
            double bc2 = 1 - Math.pow(o.beta2(), t);
            update(PerElement.of(p), PerElement.of(g), PerElement.of(m), PerElement.of(v), p.numel(), o.beta1(), o.beta2(),
                    o.eps(), o.weightDecay(), bc2, gradCoef, momentumCoef);
        }

        private static void update(PerElement p, PerElement g, PerElement m, PerElement v, int n, double beta1, double beta2,
                double eps, double weightDecay, double bc2, double gradCoef, double momentumCoef) {
            for (int i = 0; i < n; i++) {
                double d = g.get(i) + weightDecay * p.get(i);
                double mv = beta1 * m.get(i) + (1 - beta1) * d;
                double vv = beta2 * v.get(i) + (1 - beta2) * d * d;
                m.set(i, mv);
                v.set(i, vv);
                double denom = Math.sqrt(vv / bc2) + eps;
                p.set(i, p.get(i) - gradCoef * d / denom - momentumCoef * mv / denom);
            }
        }
    }

    /** {@link RAdam} as it was before its block kernel: element by element through get/set. */
    static final class OldRAdam extends RAdam {
        OldRAdam(List<Tensor> params, RAdam.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor m = state.buffer("exp_avg", p, 0);
            Tensor v = state.buffer("exp_avg_sq", p, 0);
            long t = state.step();
            double b2t = Math.pow(o.beta2(), t);
            double bc1 = 1 - Math.pow(o.beta1(), t);
            double rhoInf = 2 / (1 - o.beta2()) - 1;
            double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
            // adaptive: p ← p − adaptiveCoef·m/(√v + eps);  otherwise p ← p − lr·m/bc1
            double adaptiveCoef = 0;
            if (rhoT > 5) {
                double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                adaptiveCoef = o.lr() / bc1 * r * Math.sqrt(1 - b2t);
            }
            update(PerElement.of(p), PerElement.of(g), PerElement.of(m), PerElement.of(v), p.numel(), o.beta1(), o.beta2(),
                    o.eps(), o.weightDecay(), rhoT > 5, adaptiveCoef, o.lr() / bc1);
        }

        private static void update(PerElement p, PerElement g, PerElement m, PerElement v, int n, double beta1, double beta2,
                double eps, double weightDecay, boolean adaptive, double adaptiveCoef, double plainCoef) {
            for (int i = 0; i < n; i++) {
                double d = g.get(i) + weightDecay * p.get(i);
                double mv = beta1 * m.get(i) + (1 - beta1) * d;
                double vv = beta2 * v.get(i) + (1 - beta2) * d * d;
                m.set(i, mv);
                v.set(i, vv);
                double step = adaptive ? adaptiveCoef * mv / (Math.sqrt(vv) + eps) : plainCoef * mv;
                p.set(i, p.get(i) - step);
            }
        }
    }

    /** {@link Adadelta} as it was before its block kernel: element by element through get/set. */
    static final class OldAdadelta extends Adadelta {
        OldAdadelta(List<Tensor> params, Adadelta.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor v = state.buffer("square_avg", p, 0);
            Tensor u = state.buffer("acc_delta", p, 0);
            double sign = o.maximize() ? -1 : 1;
            update(PerElement.of(p), PerElement.of(g), PerElement.of(v), PerElement.of(u), p.numel(), o.lr(), o.rho(), o.eps(),
                    o.weightDecay(), sign);
        }

        private static void update(PerElement p, PerElement g, PerElement v, PerElement u, int n, double lr, double rho,
                double eps, double weightDecay, double sign) {
            for (int i = 0; i < n; i++) {
                double d = sign * g.get(i) + weightDecay * p.get(i);
                double vv = rho * v.get(i) + (1 - rho) * d * d;
                double delta = Math.sqrt(u.get(i) + eps) / Math.sqrt(vv + eps) * d;
                v.set(i, vv);
                u.set(i, rho * u.get(i) + (1 - rho) * delta * delta);
                p.set(i, p.get(i) - lr * delta);
            }
        }
    }

    /** {@link ASGD} as it was before its block kernel: element by element through get/set. */
    static final class OldASGD extends ASGD {
        OldASGD(List<Tensor> params, ASGD.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor ax = state.buffer("ax", p, 0);
            double eta = state.scalar("eta", o.lr());
            double mu = state.scalar("mu", 1);
            long t = state.step();
            double sign = o.maximize() ? -1 : 1;
            update(PerElement.of(p), PerElement.of(g), PerElement.of(ax), p.numel(), eta, mu, o.lambd(), o.weightDecay(), sign);
            state.putScalar("eta", o.lr() / Math.pow(1 + o.lambd() * o.lr() * t, o.alpha()));
            state.putScalar("mu", 1 / Math.max(1, t - o.t0()));
        }

        private static void update(PerElement p, PerElement g, PerElement ax, int n, double eta, double mu, double lambd,
                double weightDecay, double sign) {
            for (int i = 0; i < n; i++) {
                double d = sign * g.get(i) + weightDecay * p.get(i);
                double pv = p.get(i) * (1 - lambd * eta) - eta * d;
                p.set(i, pv);
                pv = p.get(i);
                ax.set(i, mu == 1 ? pv : ax.get(i) + mu * (pv - ax.get(i)));
            }
        }
    }

    /** {@link Rprop} as it was before its block kernel: element by element through get/set. */
    static final class OldRprop extends Rprop {
        OldRprop(List<Tensor> params, Rprop.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor prev = state.buffer("prev", p, 0);
            Tensor s = state.buffer("step_size", p, o.lr());
            double sign = o.maximize() ? -1 : 1;
            update(PerElement.of(p), PerElement.of(g), PerElement.of(prev), PerElement.of(s), p.numel(), o.etaMinus(), o.etaPlus(),
                    o.stepMin(), o.stepMax(), sign);
        }

        private static void update(PerElement p, PerElement g, PerElement prev, PerElement s, int n, double etaMinus,
                double etaPlus, double stepMin, double stepMax, double sign) {
            for (int i = 0; i < n; i++) {
                double d = sign * g.get(i);
                double agree = d * prev.get(i);
                double f = agree > 0 ? etaPlus : agree < 0 ? etaMinus : 1;
                double sv = Math.min(Math.max(s.get(i) * f, stepMin), stepMax);
                s.set(i, sv);
                if (agree < 0) {
                    d = 0;
                }
                p.set(i, p.get(i) - Math.signum(d) * sv);
                prev.set(i, d);
            }
        }
    }

    /** {@link LAMB} as it was before its block kernel: element by element through get/set. */
    static final class OldLAMB extends LAMB {
        OldLAMB(List<Tensor> params, RAdam.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, RAdam.Options o, ParamState state) {
            Tensor m = state.buffer("exp_avg", p, 0);
            Tensor v = state.buffer("exp_avg_sq", p, 0);
            long t = state.step();
            update(PerElement.of(p), PerElement.of(g), PerElement.of(m), PerElement.of(v), p.numel(), o, t);
        }

        private static void update(PerElement p, PerElement g, PerElement m, PerElement v, int n, RAdam.Options o, long t) {
            double bc1 = 1 - Math.pow(o.beta1(), t);
            double bc2 = 1 - Math.pow(o.beta2(), t);
            double ww = 0;
            double uu = 0;
            for (int i = 0; i < n; i++) {
                double gi = g.get(i);
                m.set(i, o.beta1() * m.get(i) + (1 - o.beta1()) * gi);
                v.set(i, o.beta2() * v.get(i) + (1 - o.beta2()) * gi * gi);
                double u = m.get(i) / bc1 / (Math.sqrt(v.get(i) / bc2) + o.eps()) + o.weightDecay() * p.get(i);
                ww += p.get(i) * p.get(i);
                uu += u * u;
            }
            double ratio = ww == 0 || uu == 0 ? 1 : Math.sqrt(ww) / Math.sqrt(uu);
            double scale = o.lr() * ratio;
            for (int i = 0; i < n; i++) {
                double u = m.get(i) / bc1 / (Math.sqrt(v.get(i) / bc2) + o.eps()) + o.weightDecay() * p.get(i);
                p.set(i, p.get(i) - scale * u);
            }
        }
    }

    /** {@link LARS} as it was before its block kernel: element by element through get/set. */
    static final class OldLARS extends LARS {
        OldLARS(List<Tensor> params, LARS.Options options) {
            super(params, options);
        }

        @Override
        protected void update(Tensor p, Tensor g, Options o, ParamState state) {
            Tensor v = state.buffer("momentum_buffer", p, 0);
            update(PerElement.of(p), PerElement.of(g), PerElement.of(v), p.numel(), o);
        }

        private static void update(PerElement p, PerElement g, PerElement v, int n, Options o) {
            double ww = 0;
            double gg = 0;
            for (int i = 0; i < n; i++) {
                ww += p.get(i) * p.get(i);
                gg += g.get(i) * g.get(i);
            }
            double scale = o.lr() * trustRatio(Math.sqrt(ww), Math.sqrt(gg), o);
            for (int i = 0; i < n; i++) {
                double vv = o.momentum() * v.get(i) + scale * (g.get(i) + o.weightDecay() * p.get(i));
                v.set(i, vv);
                p.set(i, p.get(i) - vv);
            }
        }
    }
}
