package dev.kiln.nn.functional;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Cross-entropy with class-index targets as one fused kernel: per sample, the log-sum-exp of the
 * logits, the NLL term and the label-smoothing term in one pass over the C logits, and in the
 * backward the gradient
 * {@code g·(a·p_j − (1−ε)·w[y]·[j = y] − (ε/C)·w[j])} with p = softmax(z) and
 * a = (1−ε)·w[y] + (ε/C)·Σ_c w[c], recomputed from the saved logits and per-sample log-sum-exp
 * (no (N, C) intermediate is kept). Float32 rows along a contiguous class dimension run on the
 * backend's row primitives ({@link Backend#logSumExp}, {@link Backend#scaledExp}).
 */
final class FusedCrossEntropy {
    private FusedCrossEntropy() {
    }

    /** Per-sample losses (the target's shape); ignored samples give 0. */
    static Tensor perSample(Tensor input, ClassTargets ct, Tensor weight, Long ignore, double eps) {
        Tensor z = Pointwise.floating(input).contiguous();
        int c = ct.classes;
        int inner = ct.inner;
        int n = ct.target.length;
        double[] w = weight == null ? null : weight.toDoubleArray();
        if (w != null && w.length != c) {
            throw new IllegalArgumentException("cross_entropy: weight has " + w.length + " elements; expected " + c);
        }
        double wSum = 0;
        for (int j = 0; j < c; j++) {
            wSum += w == null ? 1 : w[j];
        }
        double[] lse = new double[n];
        double[] loss = new double[n];
        double totalW = wSum;
        boolean fast = z.dtype() == DType.FLOAT32 && inner == 1;
        Backend backend = z.device().backend();
        backend.parallelFor(n, 2 * Math.max(c, 1), (lo, hi) -> {
            for (int s = lo; s < hi; s++) {
                if (ct.ignored(s, ignore)) {
                    continue;
                }
                int base = (s / inner) * c * inner + s % inner + z.offset();
                int y = (int) ct.target[s];
                double l;
                double zy;
                double wz = 0;
                if (fast) {
                    float[] x = TensorInternals.floats(z);
                    l = backend.logSumExp(x, base, c);
                    zy = x[base + y];
                    if (eps > 0) {
                        for (int j = 0; j < c; j++) {
                            wz += (w == null ? 1 : w[j]) * x[base + j];
                        }
                    }
                } else {
                    double[] x = null;
                    float[] f = null;
                    if (z.dtype() == DType.FLOAT64) {
                        x = TensorInternals.doubles(z);
                    } else {
                        f = TensorInternals.floats(z);
                    }
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c; j++) {
                        m = Math.max(m, x != null ? x[base + j * inner] : f[base + j * inner]);
                    }
                    double se = 0;
                    for (int j = 0; j < c; j++) {
                        double v = x != null ? x[base + j * inner] : f[base + j * inner];
                        se += Math.exp(v - m);
                        if (eps > 0) {
                            wz += (w == null ? 1 : w[j]) * v;
                        }
                    }
                    l = m + Math.log(se);
                    zy = x != null ? x[base + y * inner] : f[base + y * inner];
                }
                lse[s] = l;
                double wy = w == null ? 1 : w[y];
                double v = -(1 - eps) * wy * (zy - l);
                if (eps > 0) {
                    v += eps / c * (totalW * l - wz);
                }
                loss[s] = v;
            }
        });
        Tensor out = TensorInternals.wrap(Storage.wrap(loss), ct.targetShape);
        out = z.dtype() == DType.FLOAT64 ? out : out.to(z.dtype());
        if (Engine.needsGrad(input)) {
            Engine.record(out, new CrossEntropyBackward(z, ct, w, ignore, eps, lse, wSum));
        }
        return out;
    }

    private static final class CrossEntropyBackward extends LibraryNode {
        private final SavedTensor logits;
        private final ClassTargets ct;
        private final double[] w;
        private final Long ignore;
        private final double eps;
        private final double[] lse;
        private final double wSum;

        CrossEntropyBackward(Tensor logits, ClassTargets ct, double[] w, Long ignore, double eps, double[] lse, double wSum) {
            super(logits);
            this.logits = save(logits);
            this.ct = ct;
            this.w = w;
            this.ignore = ignore;
            this.eps = eps;
            this.lse = lse;
            this.wSum = wSum;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor z = logits.get(this);
            double[] gs = g.toDoubleArray();
            int c = ct.classes;
            int inner = ct.inner;
            int n = ct.target.length;
            int off = z.offset();
            boolean isFloat = z.dtype() == DType.FLOAT32;
            float[] gf = isFloat ? new float[z.numel()] : null;
            double[] gd = isFloat ? null : new double[z.numel()];
            boolean fast = isFloat && inner == 1;
            Backend backend = z.device().backend();
            backend.parallelFor(n, 2 * Math.max(c, 1), (lo, hi) -> {
                for (int s = lo; s < hi; s++) {
                    if (ct.ignored(s, ignore) || gs[s] == 0) {
                        continue;
                    }
                    int base = (s / inner) * c * inner + s % inner;
                    int y = (int) ct.target[s];
                    double wy = w == null ? 1 : w[y];
                    double a = (1 - eps) * wy + eps / c * wSum;
                    double gsv = gs[s];
                    if (fast) {
                        float[] x = TensorInternals.floats(z);
                        backend.scaledExp(x, off + base, gf, base, c, lse[s], gsv * a);
                        gf[base + y] -= (float) (gsv * (1 - eps) * wy);
                        if (eps > 0) {
                            for (int j = 0; j < c; j++) {
                                gf[base + j] -= (float) (gsv * eps / c * (w == null ? 1 : w[j]));
                            }
                        }
                        continue;
                    }
                    for (int j = 0; j < c; j++) {
                        int at = base + j * inner;
                        double v = isFloat ? TensorInternals.floats(z)[off + at] : TensorInternals.doubles(z)[off + at];
                        double gj = a * Math.exp(v - lse[s]);
                        if (j == y) {
                            gj -= (1 - eps) * wy;
                        }
                        if (eps > 0) {
                            gj -= eps / c * (w == null ? 1 : w[j]);
                        }
                        if (isFloat) {
                            gf[at] = (float) (gsv * gj);
                        } else {
                            gd[at] = gsv * gj;
                        }
                    }
                }
            });
            Tensor r = isFloat ? TensorInternals.wrap(Storage.wrap(gf), z.shape()) : TensorInternals.wrap(Storage.wrap(gd), z.shape());
            return new Tensor[] {r};
        }

        @Override
        public String name() {
            return "CrossEntropyBackward";
        }
    }
}
