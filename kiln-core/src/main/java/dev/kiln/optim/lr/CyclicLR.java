package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.List;

/**
 * Cyclical learning rates (Smith, 2017): the lr moves between {@code baseLr} and {@code maxLr} in
 * cycles of {@code stepSizeUp + stepSizeDown} steps, optionally cycling the momentum the other way.
 *
 * <pre>
 *   total = up + down,  ratio = up/total
 *   cycle = floor(1 + t/total),  x = 1 + t/total − cycle
 *   scale = x/ratio if x ≤ ratio, else (x−1)/(ratio−1)
 *   f = 1 (triangular), 1/2^(cycle−1) (triangular2), γ^t (exp_range)
 *   lr = base_lr + (max_lr − base_lr)·scale·f
 *   momentum = max_m − (max_m − base_m)·scale·f        (when cycling momentum)
 * </pre>
 * The groups' lrs are overridden with {@code baseLr} at construction.
 *
 * <pre>{@code
 * var sched = new CyclicLR(opt, new double[] {1e-3}, new double[] {6e-3}, 2000, 2000, CyclicLR.Mode.TRIANGULAR, 1.0, null);
 * }</pre>
 */
public final class CyclicLR extends LRScheduler {
    /** The amplitude policy. */
    public enum Mode {
        /** Constant amplitude. */
        TRIANGULAR,
        /** Amplitude halved every cycle. */
        TRIANGULAR2,
        /** Amplitude scaled by γ^t. */
        EXP_RANGE
    }

    /**
     * Momentum cycling between {@code base} (at the lr peak) and {@code max} (at the lr floor).
     *
     * @param base the lowest momentum
     * @param max the highest momentum
     */
    public record MomentumRange(double base, double max) {
    }

    private final double[] lower;
    private final double[] upper;
    private final double total;
    private final double ratio;
    private final Mode mode;
    private final double gamma;
    private final MomentumRange momentum;

    /**
     * A cyclic schedule.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param baseLr the lower lr, one per group (or a single value for all)
     * @param maxLr the upper lr, one per group (or a single value for all)
     * @param stepSizeUp steps of the rising half
     * @param stepSizeDown steps of the falling half
     * @param mode amplitude policy
     * @param gamma the decay of {@link Mode#EXP_RANGE}
     * @param momentum momentum cycling range, or null not to cycle momentum
     */
    public CyclicLR(Optimizer<?> optimizer, double[] baseLr, double[] maxLr, long stepSizeUp, long stepSizeDown, Mode mode,
            double gamma, MomentumRange momentum) {
        super(optimizer);
        int n = baseLrs.length;
        this.lower = perGroup("base_lr", baseLr, n);
        this.upper = perGroup("max_lr", maxLr, n);
        positive("CyclicLR", "step_size_up", stepSizeUp);
        positive("CyclicLR", "step_size_down", stepSizeDown);
        this.total = stepSizeUp + stepSizeDown;
        this.ratio = stepSizeUp / total;
        this.mode = mode;
        this.gamma = gamma;
        this.momentum = momentum;
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        for (int i = 0; i < n; i++) {
            groups.get(i).setInitialLr(lower[i]);
            baseLrs[i] = lower[i];
            if (momentum != null && !groups.get(i).options().hasMomentum()) {
                throw new IllegalArgumentException("CyclicLR: cycle_momentum needs an optimizer with momentum, "
                        + optimizer.getClass().getSimpleName() + " has none");
            }
        }
        start();
    }

    static double[] perGroup(String what, double[] v, int n) {
        if (v.length == 1 && n > 1) {
            double[] out = new double[n];
            java.util.Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != n) {
            throw new IllegalArgumentException("expected " + n + " values of " + what + " (one per group), got " + v.length);
        }
        return v.clone();
    }

    /** The scale·f factor in [0, 1] at step t. */
    private double amplitude(long t) {
        double cycle = Math.floor(1 + t / total);
        double x = 1 + t / total - cycle;
        double scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        double f = switch (mode) {
            case TRIANGULAR -> 1;
            case TRIANGULAR2 -> 1 / Math.pow(2, cycle - 1);
            case EXP_RANGE -> Math.pow(gamma, t);
        };
        return scale * f;
    }

    @Override
    public double lrAt(int group, double base, long t) {
        return lower[group] + (upper[group] - lower[group]) * amplitude(t);
    }

    @Override
    protected void apply() {
        super.apply();
        if (momentum != null) {
            double a = amplitude(lastEpoch);
            for (ParamGroup<?> g : optimizer.paramGroups()) {
                g.setMomentum(momentum.max() - (momentum.max() - momentum.base()) * a);
            }
        }
    }
}
