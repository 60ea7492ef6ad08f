package dev.kiln.backend;

/**
 * The float64 optimiser updates of {@link ReferenceBackend} ({@link Backend#sgd}, {@link Backend#adam}):
 * the formulas of {@link SgdStep} and {@link AdamStep}, element by element.
 */
final class ReferenceOptimizers {
    private ReferenceOptimizers() {
    }

    /** One SGD update (see {@link SgdStep}). */
    static void sgd(double[] p, int po, double[] g, int go, double[] b, int bo, int n, SgdStep s) {
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

    /** One Adam/AdamW update (see {@link AdamStep}). */
    static void adam(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, int so, int n, AdamStep s) {
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

    /** {@link #sgd(double[], int, double[], int, double[], int, int, SgdStep)} on float32 buffers: widened, updated, rounded once. */
    static void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step) {
        double[] pd = ReferenceBackend.widen(p, po, n);
        double[] bd = b == null ? null : ReferenceBackend.widen(b, bo, n);
        sgd(pd, 0, ReferenceBackend.widen(g, go, n), 0, bd, 0, n, step);
        ReferenceBackend.narrow(pd, 0, p, po, n);
        if (b != null) {
            ReferenceBackend.narrow(bd, 0, b, bo, n);
        }
    }

    /** {@link #adam(double[], int, double[], int, double[], double[], double[], int, int, AdamStep)} on float32 buffers. */
    static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step) {
        double[] pd = ReferenceBackend.widen(p, po, n);
        double[] md = ReferenceBackend.widen(m, so, n);
        double[] vd = ReferenceBackend.widen(v, so, n);
        double[] vmaxd = vmax == null ? null : ReferenceBackend.widen(vmax, so, n);
        adam(pd, 0, ReferenceBackend.widen(g, go, n), 0, md, vd, vmaxd, 0, n, step);
        ReferenceBackend.narrow(pd, 0, p, po, n);
        ReferenceBackend.narrow(md, 0, m, so, n);
        ReferenceBackend.narrow(vd, 0, v, so, n);
        if (vmax != null) {
            ReferenceBackend.narrow(vmaxd, 0, vmax, so, n);
        }
    }
}
