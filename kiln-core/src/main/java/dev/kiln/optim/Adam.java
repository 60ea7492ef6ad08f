package dev.kiln.optim;

import dev.kiln.backend.AdamStep;
import dev.kiln.backend.Backend;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba, 2015), with optional AMSGrad; {@link AdamW} is the same update with
 * decoupled weight decay.
 *
 * <pre>
 *   g ← −g                               if maximize
 *   g ← g + weight_decay·p                (Adam, L2)   or   p ← p·(1 − lr·weight_decay)  (AdamW)
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   v̂ ← max(v̂, v) if amsgrad, else v̂ = v
 *   p ← p − lr/(1−β1^t) · m / (√v̂ / √(1−β2^t) + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), Adam.Options.of(1e-3).withAmsgrad(true));
 * }</pre>
 */
public class Adam extends Optimizer<Adam.Options> {
    private final boolean decoupled;

    /**
     * Adam/AdamW hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator
     * @param weightDecay L2 penalty (Adam) or decoupled decay (AdamW)
     * @param amsgrad use the running maximum of v
     * @param maximize maximise the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) implements Hyperparameters.Beta1Momentum<Options>, Hyperparameters.Maximizing<Options> {
        /** Validates. */
        public Options {
            Checks.adam("Adam", lr, beta1, beta2, eps, weightDecay);
        }

        /**
         * {@return Adam's defaults (β = (0.9, 0.999), eps 1e-8, no weight decay) with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false, false);
        }

        /**
         * {@return a copy with AMSGrad on or off}
         *
         * @param v true to use the running maximum of the second moment (AMSGrad)
         */
        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v, maximize);
        }
    }

    /**
     * Adam over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Adam(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * Adam over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public Adam(Options defaults, List<ParamGroupSpec> groups) {
        this(defaults, groups, false);
    }

    Adam(Options defaults, List<ParamGroupSpec> groups, boolean decoupled) {
        super(defaults, groups);
        this.decoupled = decoupled;
    }

    /**
     * One step over every parameter with a gradient. When they are all contiguous float32 (with
     * contiguous float32 gradients), the updates of the whole step run as one parallel loop over
     * the concatenation of the parameters, cut by {@link Backend#parallelFor} into balanced pieces (cuts
     * inside a tensor fall on a multiple of the backend's {@link Backend#lanes()}, so the result does
     * not depend on the thread count), so that the step takes one fork/join instead of one per tensor;
     * otherwise each parameter is updated in turn. The per-element update is the backend's
     * {@link Backend#adam}.
     */
    @Override
    public void step() {
        if (!prepareFused()) {
            super.step();
            return;
        }
        int count = fusedCount;
        long total = fusedStart[count];
        if (total > Integer.MAX_VALUE) {
            super.step();
            return;
        }
        int n = (int) total;
        // the step counts and buffers, in order, on this thread
        for (int j = 0; j < count; j++) {
            Tensor p = fusedParams[j];
            ParamState st = state(p);
            Options o = fusedOptions[j];
            fusedSteps[j] = st.nextStep();
            fusedM[j] = TensorInternals.floats(st.buffer("exp_avg", p, 0));
            fusedV[j] = TensorInternals.floats(st.buffer("exp_avg_sq", p, 0));
            fusedVmax[j] = o.amsgrad() ? TensorInternals.floats(st.buffer("max_exp_avg_sq", p, 0)) : null;
        }
        if (n > 0) {
            fusedBackend.parallelFor(n, 1, fusedBody);
        }
        for (int j = 0; j < count; j++) {
            TensorInternals.storage(fusedParams[j]).bumpVersion();
            fusedParams[j] = null;
            fusedGrads[j] = null;
            fusedOptions[j] = null;
            fusedM[j] = null;
            fusedV[j] = null;
            fusedVmax[j] = null;
        }
    }

    // the fused step's per-parameter work, reused from step to step (index j = j-th parameter with a gradient)
    private Tensor[] fusedParams = new Tensor[0];
    private Tensor[] fusedGrads = new Tensor[0];
    private Options[] fusedOptions = new Options[0];
    private float[][] fusedM = new float[0][];
    private float[][] fusedV = new float[0][];
    private float[][] fusedVmax = new float[0][];
    private long[] fusedSteps = new long[0];
    private long[] fusedStart = new long[1];
    private int fusedCount;
    private Backend fusedBackend;
    private final Backend.RangeBody fusedBody = this::fusedRange;

    /** Collects the parameters with gradients; false when one of them needs the general path. */
    private boolean prepareFused() {
        fusedBackend = null;
        int count = 0;
        for (ParamGroup<Options> g : paramGroups()) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                if (!isFloat(p) || !isFloat(grad) || !p.isContiguous() || !grad.isContiguous() || grad.numel() != p.numel()
                        || p.device() != grad.device() || (fusedBackend != null && fusedBackend != p.device().backend())) {
                    return false;
                }
                fusedBackend = p.device().backend();
                count++;
            }
        }
        if (fusedParams.length < count) {
            fusedParams = new Tensor[count];
            fusedGrads = new Tensor[count];
            fusedOptions = new Options[count];
            fusedM = new float[count][];
            fusedV = new float[count][];
            fusedVmax = new float[count][];
            fusedSteps = new long[count];
            fusedStart = new long[count + 1];
        }
        int j = 0;
        for (ParamGroup<Options> g : paramGroups()) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                fusedParams[j] = p;
                fusedGrads[j] = grad;
                fusedOptions[j] = g.options();
                fusedStart[j + 1] = fusedStart[j] + p.numel();
                j++;
            }
        }
        fusedCount = count;
        return true;
    }

    /** The concatenated index {@code x} moved down to a vector boundary of the tensor it falls in. */
    private int alignDown(int x) {
        int count = fusedCount;
        for (int j = 0; j < count; j++) {
            if (x < fusedStart[j + 1]) {
                int s = (int) fusedStart[j];
                int lanes = fusedBackend.lanes();
                return s + (x - s) / lanes * lanes;
            }
        }
        return x;
    }

    /** Updates the concatenated elements [lo, hi) (cuts aligned with {@link #alignDown}). */
    private void fusedRange(int lo, int hi) {
        int from = alignDown(lo);
        int to = hi == fusedStart[fusedCount] ? hi : alignDown(hi);
        for (int j = 0; j < fusedCount && from < to; j++) {
            int s = (int) fusedStart[j];
            int e = (int) fusedStart[j + 1];
            if (e <= from) {
                continue;
            }
            int a = from - s;
            int b = Math.min(to, e) - s;
            Tensor p = fusedParams[j];
            Tensor g = fusedGrads[j];
            fusedBackend.adam(TensorInternals.floats(p), p.offset() + a, TensorInternals.floats(g), g.offset() + a, fusedM[j], fusedV[j], fusedVmax[j], a,
                    b - a, step(fusedOptions[j], fusedSteps[j]));
            from = s + b;
        }
    }

    /** The hyper-parameters of step {@code t} as the backend takes them. */
    private AdamStep step(Options o, long t) {
        return new AdamStep(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(),
                decoupled ? AdamStep.WeightDecay.DECOUPLED : AdamStep.WeightDecay.L2, o.maximize(), t);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        AdamStep step = step(o, state.step());
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor v = state.buffer("exp_avg_sq", p, 0);
        Tensor vmax = o.amsgrad() ? state.buffer("max_exp_avg_sq", p, 0) : null;
        if (isFloat(p)) {
            p.device().backend().adam(TensorInternals.floats(p), p.offset(), TensorInternals.floats(g), g.offset(), TensorInternals.floats(m), TensorInternals.floats(v),
                    vmax == null ? null : TensorInternals.floats(vmax), 0, p.numel(), step);
        } else {
            ReferenceBackend.INSTANCE.adam(TensorInternals.doubles(p), p.offset(), TensorInternals.doubles(g), g.offset(), TensorInternals.doubles(m), TensorInternals.doubles(v),
                    vmax == null ? null : TensorInternals.doubles(vmax), 0, p.numel(), step);
        }
    }
}
