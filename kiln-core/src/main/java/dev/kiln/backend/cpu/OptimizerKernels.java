package dev.kiln.backend.cpu;

import dev.kiln.backend.AdamStep;
import dev.kiln.backend.SgdStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimisers' per-element updates on float32 runs with the Vector API (the formulas are on
 * {@link SgdStep} and {@link AdamStep}); the scalar tail repeats them in float32.
 */
final class OptimizerKernels {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private OptimizerKernels() {
    }

    /** SGD over p[po…po+n), g[go…), b[bo…bo+n) (b null without momentum). */
    static void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep s) {
        float lr = (float) s.lr();
        float momentum = (float) s.momentum();
        float weightDecay = (float) s.weightDecay();
        float sign = s.maximize() ? -1f : 1f;
        float keep = s.firstStep() ? 0f : momentum;
        float take = s.firstStep() ? 1f : 1f - (float) s.dampening();
        boolean nesterov = s.nesterov();
        int i = 0;
        int up = S.loopBound(n);
        if (b == null) {
            // p ← p − lr·(sign·g + wd·p)
            FloatVector step = FloatVector.broadcast(S, -lr * sign);
            for (; i < up; i += L) {
                FloatVector pv = FloatVector.fromArray(S, p, po + i);
                FloatVector gv = FloatVector.fromArray(S, g, go + i);
                if (weightDecay != 0f) {
                    gv = gv.mul(sign).add(pv.mul(weightDecay));
                    pv.add(gv.mul(-lr)).intoArray(p, po + i);
                } else {
                    gv.fma(step, pv).intoArray(p, po + i);
                }
            }
            for (; i < n; i++) {
                float d = sign * g[go + i] + weightDecay * p[po + i];
                p[po + i] -= lr * d;
            }
            return;
        }
        for (; i < up; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).mul(sign);
            if (weightDecay != 0f) {
                d = pv.mul(weightDecay).add(d);
            }
            FloatVector bv = FloatVector.fromArray(S, b, bo + i).mul(keep).add(d.mul(take));
            bv.intoArray(b, bo + i);
            d = nesterov ? bv.mul(momentum).add(d) : bv;
            d.mul(-lr).add(pv).intoArray(p, po + i);
        }
        for (; i < n; i++) {
            float d = sign * g[go + i];
            if (weightDecay != 0f) {
                d += weightDecay * p[po + i];
            }
            float bv = keep * b[bo + i] + take * d;
            b[bo + i] = bv;
            d = nesterov ? d + momentum * bv : bv;
            p[po + i] -= lr * d;
        }
    }

    /** Adam/AdamW over p[po…po+n), g[go…) and the moments [so…so+n) (vmax null without AMSGrad). */
    static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep s) {
        boolean decoupled = s.decay() == AdamStep.WeightDecay.DECOUPLED;
        float b1 = (float) s.beta1();
        float b2 = (float) s.beta2();
        double bc1 = 1 - Math.pow(s.beta1(), s.step());
        double bc2 = 1 - Math.pow(s.beta2(), s.step());
        float stepSize = (float) (s.lr() / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float eps = (float) s.eps();
        float sign = s.maximize() ? -1f : 1f;
        float l2 = decoupled ? 0f : (float) s.weightDecay();
        float shrink = decoupled ? (float) (1 - s.lr() * s.weightDecay()) : 1f;
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i).mul(shrink);
            FloatVector gv = FloatVector.fromArray(S, g, go + i).mul(sign);
            if (l2 != 0f) {
                gv = pv.mul(l2).add(gv);
            }
            FloatVector mv = FloatVector.fromArray(S, m, so + i).mul(b1).add(gv.mul(1f - b1));
            FloatVector vv = FloatVector.fromArray(S, v, so + i).mul(b2).add(gv.mul(gv).mul(1f - b2));
            mv.intoArray(m, so + i);
            vv.intoArray(v, so + i);
            if (vmax != null) {
                vv = FloatVector.fromArray(S, vmax, so + i).max(vv);
                vv.intoArray(vmax, so + i);
            }
            FloatVector denom = vv.sqrt().mul(invSqrtBc2).add(eps);
            pv.sub(mv.div(denom).mul(stepSize)).intoArray(p, po + i);
        }
        for (; i < n; i++) {
            float pv = p[po + i] * shrink;
            float gv = sign * g[go + i] + l2 * pv;
            float mv = b1 * m[so + i] + (1f - b1) * gv;
            float vv = b2 * v[so + i] + (1f - b2) * gv * gv;
            m[so + i] = mv;
            v[so + i] = vv;
            if (vmax != null) {
                vv = Math.max(vmax[so + i], vv);
                vmax[so + i] = vv;
            }
            p[po + i] = pv - stepSize * mv / ((float) Math.sqrt(vv) * invSqrtBc2 + eps);
        }
    }
}
