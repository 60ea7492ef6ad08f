package dev.kiln.optim;

import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight
 * decay and maximisation.
 *
 * <pre>
 *   g ← −g                         if maximize
 *   g ← g + weight_decay·p          if weight_decay ≠ 0
 *   b ← g                           at the first step, if momentum ≠ 0
 *   b ← momentum·b + (1−dampening)·g  afterwards
 *   g ← g + momentum·b  (nesterov)  or  g ← b
 *   p ← p − lr·g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true));
 * }</pre>
 */
public class SGD extends Optimizer<SGD.Options> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * SGD hyper-parameters.
     *
     * @param lr learning rate (≥ 0)
     * @param momentum momentum factor (≥ 0)
     * @param dampening dampening for momentum
     * @param weightDecay L2 penalty (≥ 0)
     * @param nesterov Nesterov momentum (needs momentum > 0 and dampening 0)
     * @param maximize maximise the objective instead of minimising it
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
            implements Hyperparameters<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("SGD", "lr", lr);
            Checks.nonNegative("SGD", "momentum", momentum);
            Checks.nonNegative("SGD", "weight_decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening, got momentum "
                        + momentum + ", dampening " + dampening);
            }
        }

        /** Plain SGD with learning rate {@code lr}. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, 0, false, false);
        }

        @Override
        public Options withLr(double v) {
            return new Options(v, momentum, dampening, weightDecay, nesterov, maximize);
        }

        @Override
        public Options withMomentum(double v) {
            return new Options(lr, v, dampening, weightDecay, nesterov, maximize);
        }

        /** A copy with another dampening. */
        public Options withDampening(double v) {
            return new Options(lr, momentum, v, weightDecay, nesterov, maximize);
        }

        @Override
        public Options withWeightDecay(double v) {
            return new Options(lr, momentum, dampening, v, nesterov, maximize);
        }

        /** A copy with Nesterov momentum on or off. */
        public Options withNesterov(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, v, maximize);
        }

        /** A copy that maximises (or minimises). */
        public Options withMaximize(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, v);
        }

        @Override
        public boolean hasMomentum() {
            return true;
        }
    }

    /** SGD over one group. */
    public SGD(List<Tensor> params, Options options) {
        super(params, options);
    }

    /** SGD over several groups built from {@code defaults}. */
    public SGD(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        state.nextStep();
        // the buffer starts as the first gradient it sees (also when momentum is switched on mid-run)
        boolean first = state.tensor("momentum_buffer") == null;
        Tensor buf = o.momentum() != 0 ? state.buffer("momentum_buffer", p, 0) : null;
        if (isFloat(p)) {
            float[] pa = TensorInternals.floats(p);
            float[] ga = TensorInternals.floats(g);
            float[] ba = buf == null ? null : TensorInternals.floats(buf);
            int po = p.offset();
            int go = g.offset();
            int n = p.numel();
            float lr = (float) o.lr();
            float momentum = (float) o.momentum();
            float dampening = (float) o.dampening();
            float wd = (float) o.weightDecay();
            if (n < 2 * Parallel.ELEMENTWISE_GRAIN) {
                update(pa, po, ga, go, ba, 0, n, lr, momentum, dampening, wd, o.nesterov(), o.maximize(), first);
            } else {
                Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN,
                        (lo, hi) -> update(pa, po + lo, ga, go + lo, ba, lo, hi - lo, lr, momentum, dampening, wd,
                        o.nesterov(), o.maximize(), first));
            }
        } else {
            update(TensorInternals.doubles(p), p.offset(), TensorInternals.doubles(g), g.offset(), buf == null ? null : TensorInternals.doubles(buf), p.numel(),
                    o.lr(), o.momentum(), o.dampening(), o.weightDecay(), o.nesterov(), o.maximize(), first);
        }
    }

    /**
     * The SGD kernel on float32 arrays: updates {@code p[po … po+n)} from {@code g[go …)} and the
     * momentum buffer {@code b[bo … bo+n)} (null when momentum is 0), as in the class formula.
     */
    public static void update(float[] p, int po, float[] g, int go, float[] b, int bo, int n, float lr, float momentum,
            float dampening, float weightDecay, boolean nesterov, boolean maximize, boolean firstStep) {
        float sign = maximize ? -1f : 1f;
        float keep = firstStep ? 0f : momentum;
        float take = firstStep ? 1f : 1f - dampening;
        int i = 0;
        int up = S.loopBound(n);
        if (b == null) {
            // p ← p − lr·(sign·g + wd·p)
            FloatVector step = FloatVector.broadcast(S, -lr * sign);
            for (; i < up; i += S.length()) {
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
        for (; i < up; i += S.length()) {
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

    /** The SGD kernel on float64 arrays (see the float32 one). */
    public static void update(double[] p, int po, double[] g, int go, double[] b, int n, double lr, double momentum,
            double dampening, double weightDecay, boolean nesterov, boolean maximize, boolean firstStep) {
        double sign = maximize ? -1 : 1;
        for (int i = 0; i < n; i++) {
            double d = sign * g[go + i];
            if (weightDecay != 0) {
                d += weightDecay * p[po + i];
            }
            if (b != null) {
                double bv = firstStep ? d : momentum * b[i] + (1 - dampening) * d;
                b[i] = bv;
                d = nesterov ? d + momentum * bv : bv;
            }
            p[po + i] -= lr * d;
        }
    }
}
