package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the lr by {@code factor} when a metric has stopped improving for more than
 * {@code patience} steps, then waits {@code cooldown} steps before counting again.
 *
 * <pre>
 *   better = (min, rel): m &lt; best·(1−threshold)   (min, abs): m &lt; best − threshold
 *            (max, rel): m &gt; best·(1+threshold)   (max, abs): m &gt; best + threshold
 *   if better: best = m, bad = 0 else bad += 1
 *   if cooldown left: cooldown −= 1, bad = 0
 *   if bad &gt; patience: lr ← max(lr·factor, min_lr) (when that changes it by more than eps), cooldown = cooldown, bad = 0
 * </pre>
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, new ReduceLROnPlateau.Options(Mode.MIN, 0.1, 10));
 * sched.step(validationLoss);
 * }</pre>
 */
public final class ReduceLROnPlateau {
    /** Whether the metric should go down or up. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    /** How the threshold compares. */
    public enum ThresholdMode {
        /** Relative to the best value. */
        REL,
        /** An absolute margin. */
        ABS
    }

    /**
     * Settings.
     *
     * @param mode min or max
     * @param factor the multiplier applied to the lr (&lt; 1)
     * @param patience bad steps tolerated
     * @param threshold the significant change
     * @param thresholdMode rel or abs
     * @param cooldown steps to wait after a reduction
     * @param minLr lower bound of the lr, one per group (or one for all)
     * @param eps smallest change worth making
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode, int cooldown,
            double[] minLr, double eps) {
        /** Validates. */
        public Options {
            if (!(factor < 1)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + factor);
            }
        }

        /**
         * PyTorch's defaults for the other settings (threshold 1e-4 rel, no cooldown, min_lr 0, eps 1e-8).
         *
         * @param mode whether a lower (MIN) or higher (MAX) metric is better
         * @param factor the multiplier of the lr on a plateau (below 1)
         * @param patience epochs without improvement tolerated before reducing
         */
        public Options(Mode mode, double factor, int patience) {
            this(mode, factor, patience, 1e-4, ThresholdMode.REL, 0, new double[] {0}, 1e-8);
        }
    }

    private final Optimizer<?> optimizer;
    private final Options o;
    private final double[] minLrs;
    private double best;
    private int bad;
    private int cooldownLeft;
    private long lastEpoch;

    /**
     * Watches a metric for {@code optimizer}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param options mode, factor, patience, threshold, cooldown and minimum lr
     */
    public ReduceLROnPlateau(Optimizer<?> optimizer, Options options) {
        this.optimizer = optimizer;
        this.o = options;
        this.minLrs = CyclicLR.perGroup("min_lr", options.minLr(), optimizer.paramGroups().size());
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private boolean better(double m) {
        double t = o.threshold();
        return switch (o.mode()) {
            case MIN -> o.thresholdMode() == ThresholdMode.REL ? m < best * (1 - t) : m < best - t;
            case MAX -> o.thresholdMode() == ThresholdMode.REL ? m > best * (1 + t) : m > best + t;
        };
    }

    /**
     * Records one value of the metric and reduces the lr if it has plateaued.
     *
     * @param metric the monitored value of this epoch (a validation loss, for instance)
     */
    public void step(double metric) {
        lastEpoch++;
        if (better(metric)) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            bad = 0;
        }
        if (bad > o.patience()) {
            List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double lr = groups.get(i).lr();
                double next = Math.max(lr * o.factor(), minLrs[i]);
                if (lr - next > o.eps()) {
                    groups.get(i).setLr(next);
                }
            }
            cooldownLeft = o.cooldown();
            bad = 0;
        }
    }

    /**
     * The learning rates the groups have now.
     *
     * @return each parameter group's current learning rate, in group order
     */
    public List<Double> lastLr() {
        return LRScheduler.currentLrs(optimizer);
    }

    /**
     * The state (best, bad steps, cooldown left, steps) as JSON-ready values.
     *
     * @return the state (best value, bad epochs, cooldown, step), ready for {@code Json.write}
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", Double.isInfinite(best) ? (best > 0 ? "Infinity" : "-Infinity") : (Object) best);
        m.put("num_bad_epochs", (long) bad);
        m.put("cooldown_counter", (long) cooldownLeft);
        m.put("last_epoch", lastEpoch);
        return m;
    }

    /**
     * Restores a state saved by {@link #stateDict()}.
     *
     * @param state a map written by {@link #stateDict()}
     */
    public void loadStateDict(Map<String, Object> state) {
        Object b = state.get("best");
        best = b instanceof Number n ? n.doubleValue() : "Infinity".equals(b) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        bad = ((Number) state.get("num_bad_epochs")).intValue();
        cooldownLeft = ((Number) state.get("cooldown_counter")).intValue();
        lastEpoch = ((Number) state.get("last_epoch")).longValue();
    }
}
