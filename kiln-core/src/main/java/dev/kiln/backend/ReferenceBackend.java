package dev.kiln.backend;

/**
 * Every {@link Backend} primitive as the plainest loop that states its formula, with float64
 * arithmetic and accumulation, on one thread. It is the oracle that the fast kernels are tested
 * against, and the path that float64 tensors compute through: the float64 overloads here
 * ({@link #sgd(double[], int, double[], int, double[], int, int, SgdStep)}, {@link #adam(double[],
 * int, double[], int, double[], double[], double[], int, int, AdamStep)}, {@link #softmax(double[],
 * int, double[], int, int, int)}…) are the only float64 copies of those kernels; the float32
 * entries widen, run them, and round once.
 */
public final class ReferenceBackend implements Backend {
    /** The one instance. */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public int lanes() {
        return 1;
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void activationForward(Activation f, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) f.value(x[xo + i]);
        }
    }

    @Override
    public void activationBackward(Activation f, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i++) {
            gx[gxo + i] = (float) (g[go + i] * f.derivative(x[xo + i]));
        }
    }

    @Override
    public void where(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = c[co + i] ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public double sum(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public float min(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) {
            m = Math.min(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += g[go + i * rowStride + j];
            }
            out[j] = (float) s;
        }
    }

    // ------------------------------------------------------------------ matrix products

    @Override
    public void gemm(int m, int n, int k, float alpha, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float beta, float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[ao + i * ars + p * acs] * b[bo + p * brs + j * bcs];
                }
                double prior = beta == 0 ? 0 : (double) beta * c[co + i * ldc + j];
                c[co + i * ldc + j] = (float) (alpha * s + prior);
            }
        }
    }

    @Override
    public void gemv(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out) {
        gemm(rows, out, in, 1f, x, 0, in, 1, w, wo, 1, ws, 0f, y, 0, out);
    }

    // ------------------------------------------------------------------ softmax and cross-entropy rows

    @Override
    public void softmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        double[] r = new double[outer * size * inner];
        softmax(widen(x, xo, r.length), 0, r, outer, size, inner);
        narrow(r, y);
    }

    @Override
    public void logSoftmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        double[] r = new double[outer * size * inner];
        logSoftmax(widen(x, xo, r.length), 0, r, outer, size, inner);
        narrow(r, y);
    }

    @Override
    public void softmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        int n = outer * size * inner;
        double[] r = new double[n];
        softmaxBackward(widen(y, 0, n), widen(g, go, n), 0, r, outer, size, inner);
        narrow(r, gx);
    }

    @Override
    public void logSoftmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        int n = outer * size * inner;
        double[] r = new double[n];
        logSoftmaxBackward(widen(y, 0, n), widen(g, go, n), 0, r, outer, size, inner);
        narrow(r, gx);
    }

    /** Softmax along the middle axis of (outer, size, inner), in float64 (see {@link Backend#softmax}). */
    public void softmax(double[] x, int xo, double[] y, int outer, int size, int inner) {
        logSoftmax(x, xo, y, outer, size, inner);
        for (int i = 0; i < outer * size * inner; i++) {
            y[i] = Math.exp(y[i]);
        }
    }

    /** Log-softmax along the middle axis of (outer, size, inner), in float64: (x − m) − log Σ e^(x − m). */
    public void logSoftmax(double[] x, int xo, double[] y, int outer, int size, int inner) {
        for (int r = 0; r < outer * inner; r++) {
            int base = (r / inner) * size * inner + r % inner;
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                m = Math.max(m, x[xo + base + k * inner]);
            }
            if (m == Double.NEGATIVE_INFINITY) {
                m = 0;
            }
            double s = 0;
            for (int k = 0; k < size; k++) {
                s += Math.exp(x[xo + base + k * inner] - m);
            }
            double logS = Math.log(s);
            for (int k = 0; k < size; k++) {
                y[base + k * inner] = (x[xo + base + k * inner] - m) - logS;
            }
        }
    }

    /** Softmax backward in float64: gx = y·(g − Σ_size g·y). */
    public void softmaxBackward(double[] y, double[] g, int go, double[] gx, int outer, int size, int inner) {
        for (int r = 0; r < outer * inner; r++) {
            int base = (r / inner) * size * inner + r % inner;
            double s = 0;
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                s += g[go + i] * y[i];
            }
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                gx[i] = y[i] * (g[go + i] - s);
            }
        }
    }

    /** Log-softmax backward in float64: gx = g − e^y·Σ_size g. */
    public void logSoftmaxBackward(double[] y, double[] g, int go, double[] gx, int outer, int size, int inner) {
        for (int r = 0; r < outer * inner; r++) {
            int base = (r / inner) * size * inner + r % inner;
            double s = 0;
            for (int k = 0; k < size; k++) {
                s += g[go + base + k * inner];
            }
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                gx[i] = g[go + i] - Math.exp(y[i]) * s;
            }
        }
    }

    @Override
    public double logSumExp(float[] x, int xo, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        if (Double.isInfinite(m)) {
            m = 0;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        return m + Math.log(s);
    }

    @Override
    public void scaledExp(float[] x, int xo, float[] y, int yo, int n, float shift, float scale) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) (scale * Math.exp((double) x[xo + i] - shift));
        }
    }

    // ------------------------------------------------------------------ optimisers

    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step) {
        double[] pd = widen(p, po, n);
        double[] bd = b == null ? null : widen(b, bo, n);
        sgd(pd, 0, widen(g, go, n), 0, bd, 0, n, step);
        narrow(pd, 0, p, po, n);
        if (b != null) {
            narrow(bd, 0, b, bo, n);
        }
    }

    /** One SGD update in float64 (the formula is on {@link SgdStep}). */
    public void sgd(double[] p, int po, double[] g, int go, double[] b, int bo, int n, SgdStep s) {
        double sign = s.maximize() ? -1 : 1;
        for (int i = 0; i < n; i++) {
            double d = sign * g[go + i];
            if (s.weightDecay() != 0) {
                d += s.weightDecay() * p[po + i];
            }
            if (b != null) {
                double bv = s.firstStep() ? d : s.momentum() * b[bo + i] + (1 - s.dampening()) * d;
                b[bo + i] = bv;
                d = s.nesterov() ? d + s.momentum() * bv : bv;
            }
            p[po + i] -= s.lr() * d;
        }
    }

    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step) {
        double[] pd = widen(p, po, n);
        double[] md = widen(m, so, n);
        double[] vd = widen(v, so, n);
        double[] vmaxd = vmax == null ? null : widen(vmax, so, n);
        adam(pd, 0, widen(g, go, n), 0, md, vd, vmaxd, 0, n, step);
        narrow(pd, 0, p, po, n);
        narrow(md, 0, m, so, n);
        narrow(vd, 0, v, so, n);
        if (vmax != null) {
            narrow(vmaxd, 0, vmax, so, n);
        }
    }

    /** One Adam/AdamW update in float64 (the formula is on {@link AdamStep}). */
    public void adam(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, int so, int n, AdamStep s) {
        boolean decoupled = s.decay() == AdamStep.WeightDecay.DECOUPLED;
        double b1 = s.beta1();
        double b2 = s.beta2();
        double stepSize = s.lr() / (1 - Math.pow(b1, s.step()));
        double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, s.step()));
        double sign = s.maximize() ? -1 : 1;
        double l2 = decoupled ? 0 : s.weightDecay();
        double shrink = decoupled ? 1 - s.lr() * s.weightDecay() : 1;
        for (int i = 0; i < n; i++) {
            double pv = p[po + i] * shrink;
            double gv = sign * g[go + i] + l2 * pv;
            double mv = b1 * m[so + i] + (1 - b1) * gv;
            double vv = b2 * v[so + i] + (1 - b2) * gv * gv;
            m[so + i] = mv;
            v[so + i] = vv;
            if (vmax != null) {
                vv = Math.max(vmax[so + i], vv);
                vmax[so + i] = vv;
            }
            p[po + i] = pv - stepSize * mv / (Math.sqrt(vv) / sqrtBc2 + s.eps());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static double[] widen(float[] x, int xo, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = x[xo + i];
        }
        return r;
    }

    private static void narrow(double[] x, float[] y) {
        narrow(x, 0, y, 0, x.length);
    }

    private static void narrow(double[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) x[xo + i];
        }
    }
}
