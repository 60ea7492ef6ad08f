package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.List;

/**
 * The 1cycle policy (Smith &amp; Topin, 2018): the lr rises from {@code max_lr/div_factor} to
 * {@code max_lr}, then anneals to {@code initial/final_div_factor}; momentum moves the opposite
 * way. With {@code threePhase} the lr first comes back down to the initial lr symmetrically.
 *
 * <pre>
 *   initial = max_lr/div_factor,  min = initial/final_div_factor,  T = total_steps
 *   two phases:   (pct·T − 1: initial → max_lr), (T − 1: max_lr → min)
 *   three phases: (pct·T − 1: initial → max_lr), (2·pct·T − 2: max_lr → initial), (T − 1: initial → min)
 *   in a phase from s to e with values a → b, at pct = (t − s)/(e − s):
 *     cos:    b + (a − b)/2·(cos(π·pct) + 1)
 *     linear: a + (b − a)·pct
 * </pre>
 * After the last step ({@code t = total_steps}) the lr holds its final value; stepping further
 * is an error.
 *
 * <pre>{@code
 * var sched = new OneCycleLR(opt, new OneCycleLR.Options(new double[] {0.1}, 1000));
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    /** How each phase interpolates. */
    public enum Anneal {
        /** Cosine interpolation. */
        COS,
        /** Linear interpolation. */
        LINEAR
    }

    /**
     * OneCycleLR settings.
     *
     * @param maxLr the peak lr, one per group (or one for all)
     * @param totalSteps the number of steps of the whole cycle
     * @param pctStart the fraction of steps spent rising
     * @param anneal the interpolation
     * @param divFactor initial lr = max_lr/div_factor
     * @param finalDivFactor final lr = initial lr/final_div_factor
     * @param threePhase use the three-phase variant
     * @param cycleMomentum cycle the momentum (β1 for Adam) between the two values below
     * @param baseMomentum momentum at the lr peak
     * @param maxMomentum momentum at the start and the end
     */
    public record Options(double[] maxLr, long totalSteps, double pctStart, Anneal anneal, double divFactor,
            double finalDivFactor, boolean threePhase, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        /**
         * PyTorch's defaults: pct_start 0.3, cos, div 25, final div 1e4, two phases, momentum 0.85–0.95.
         *
         * @param maxLr the peak learning rate, one per group (or a single value for all)
         * @param totalSteps the length of the cycle in steps
         */
        public Options(double[] maxLr, long totalSteps) {
            this(maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false, true, 0.85, 0.95);
        }
    }

    private record Phase(double end, double lrFrom, double lrTo, double momFrom, double momTo) {
    }

    private final Options o;
    private final Phase[][] phases;

    /**
     * A 1cycle schedule.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param options the peak lr, length, phases and momentum range
     */
    public OneCycleLR(Optimizer<?> optimizer, Options options) {
        super(optimizer);
        this.o = options;
        positive("OneCycleLR", "total_steps", options.totalSteps());
        if (!(options.pctStart() >= 0 && options.pctStart() <= 1)) {
            throw new IllegalArgumentException("OneCycleLR: pct_start must be in [0, 1], got " + options.pctStart());
        }
        int n = baseLrs.length;
        double[] max = CyclicLR.perGroup("max_lr", options.maxLr(), n);
        double t = options.totalSteps();
        double p = options.pctStart();
        double bm = options.baseMomentum();
        double mm = options.maxMomentum();
        phases = new Phase[n][];
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        for (int i = 0; i < n; i++) {
            double initial = max[i] / options.divFactor();
            double min = initial / options.finalDivFactor();
            phases[i] = options.threePhase()
                    ? new Phase[] {new Phase(p * t - 1, initial, max[i], mm, bm),
                            new Phase(2 * p * t - 2, max[i], initial, bm, mm),
                        new Phase(t - 1, initial, min, mm, mm)}
                    : new Phase[] {new Phase(p * t - 1, initial, max[i], mm, bm), new Phase(t - 1, max[i], min, bm, mm)};
            groups.get(i).setInitialLr(initial);
            baseLrs[i] = initial;
            if (options.cycleMomentum() && !groups.get(i).options().hasMomentum()) {
                throw new IllegalArgumentException("OneCycleLR: cycle_momentum needs an optimizer with momentum, "
                        + optimizer.getClass().getSimpleName() + " has none");
            }
        }
        start();
    }

    /** Index of the phase of step t and its pct. */
    private double[] locate(int group, long t) {
        if (t > o.totalSteps()) {
            throw new IllegalStateException("OneCycleLR: tried to step " + t + " times; total_steps is " + o.totalSteps());
        }
        Phase[] ps = phases[group];
        double start = 0;
        for (int k = 0; k < ps.length; k++) {
            if (t <= ps[k].end() || k == ps.length - 1) {
                // past the last phase's end (t = total_steps, after the final step) the lr stays at its
                // final value, where PyTorch extrapolates (a linear anneal would turn negative)
                return new double[] {k, Math.min((t - start) / (ps[k].end() - start), 1)};
            }
            start = ps[k].end();
        }
        throw new AssertionError();
    }

    private double interpolate(double from, double to, double pct) {
        return o.anneal() == Anneal.COS ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }

    @Override
    public double lrAt(int group, double base, long t) {
        double[] kp = locate(group, t);
        Phase ph = phases[group][(int) kp[0]];
        return interpolate(ph.lrFrom(), ph.lrTo(), kp[1]);
    }

    @Override
    protected void apply() {
        super.apply();
        if (o.cycleMomentum()) {
            List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double[] kp = locate(i, lastEpoch);
                Phase ph = phases[i][(int) kp[0]];
                groups.get(i).setMomentum(interpolate(ph.momFrom(), ph.momTo(), kp[1]));
            }
        }
    }
}
