package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;

/**
 * Adamax (Kingma &amp; Ba, 2015): Adam with the infinity norm in place of the second moment.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   m ← β1·m + (1−β1)·g,  u ← max(β2·u, |g| + eps)
 *   p ← p − lr/(1−β1^t) · m/u
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adamax(model.parameters(), Adamax.Options.of(2e-3));
 * }</pre>
 */
public class Adamax extends Optimizer<Adamax.Options> {
    /**
     * Adamax hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the infinity norm
     * @param eps added to |g|
     * @param weightDecay L2 penalty
     * @param maximize maximise the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean maximize) implements Hyperparameters.Beta1Momentum<Options> {
        /** Validates. */
        public Options {
            Checks.adam("Adamax", lr, beta1, beta2, eps, weightDecay);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false);
        }

        @Override
        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, maximize);
        }

        @Override
        public Options withBeta1(double v) {
            return new Options(lr, v, beta2, eps, weightDecay, maximize);
        }

        /** A copy with another beta2. */
        public Options withBeta2(double v) {
            return new Options(lr, beta1, v, eps, weightDecay, maximize);
        }

        /** A copy with another eps. */
        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, maximize);
        }

        @Override
        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, maximize);
        }

        /** A copy with another maximize. */
        public Options withMaximize(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    /** Adamax over one group. */
    public Adamax(List<Tensor> params, Options options) {
        super(params, options);
    }

    /** Adamax over several groups built from {@code defaults}. */
    public Adamax(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor u = state.buffer("exp_inf", p, 0);
        long t = state.nextStep();
        double stepSize = o.lr() / (1 - Math.pow(o.beta1(), t));
        double sign = o.maximize() ? -1 : 1;
        if (isFloat(p)) {
            update(TensorInternals.floats(p), p.offset(), TensorInternals.floats(g), g.offset(), TensorInternals.floats(m), TensorInternals.floats(u), p.numel(), o.beta1(),
                    o.beta2(), o.eps(), o.weightDecay(), sign, stepSize);
        } else {
            update(TensorInternals.doubles(p), p.offset(), TensorInternals.doubles(g), g.offset(), TensorInternals.doubles(m), TensorInternals.doubles(u), p.numel(),
                    o.beta1(), o.beta2(), o.eps(), o.weightDecay(), sign, stepSize);
        }
    }

    /**
     * The Adamax kernel on float32 arrays; {@code stepSize} = lr/(1−β1^t).
     */
    public static void update(float[] p, int po, float[] g, int go, float[] m, float[] u, int n, double beta1, double beta2,
            double eps, double weightDecay, double sign, double stepSize) {
        for (int i = 0; i < n; i++) {
            double d = sign * g[go + i] + weightDecay * p[po + i];
            double mv = beta1 * m[i] + (1 - beta1) * d;
            double uv = Math.max(beta2 * u[i], Math.abs(d) + eps);
            m[i] = (float) mv;
            u[i] = (float) uv;
            p[po + i] = (float) (p[po + i] - stepSize * mv / uv);
        }
    }

    /**
     * The same kernel on float64 arrays.
     */
    public static void update(double[] p, int po, double[] g, int go, double[] m, double[] u, int n, double beta1,
            double beta2, double eps, double weightDecay, double sign, double stepSize) {
        for (int i = 0; i < n; i++) {
            double d = sign * g[go + i] + weightDecay * p[po + i];
            double mv = beta1 * m[i] + (1 - beta1) * d;
            double uv = Math.max(beta2 * u[i], Math.abs(d) + eps);
            m[i] = mv;
            u[i] = uv;
            p[po + i] = p[po + i] - stepSize * mv / uv;
        }
    }
}
