package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The base of PyTorch-style learning-rate schedulers. A scheduler counts its steps t (0 after
 * construction) and sets each parameter group's lr to {@link #lrAt(int, double, long)}, a closed
 * form in t of the group's base lr (the lr the group had when the first scheduler was attached):
 * a scheduler without state gives it to the constructor as a {@link Formula} (as {@link StepLR} does),
 * one with state overrides {@code lrAt}.
 * Learning rates are computed in double precision.
 *
 * <pre>{@code
 * var opt = new SGD(params, SGD.Options.of(0.1));
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(opt);        // uses the current lr
 *     sched.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    /** The optimiser whose groups are scheduled. */
    protected final Optimizer<?> optimizer;
    /** Each group's base lr. */
    protected final double[] baseLrs;
    /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
    protected long lastEpoch;

    /**
     * A closed form of a group's learning rate: the schedulers without state beyond their settings
     * give theirs to the constructor instead of overriding {@link #lrAt(int, double, long)}.
     */
    @FunctionalInterface
    public interface Formula {
        /**
         * {@return the learning rate after {@code t} steps}
         *
         * @param base the group's base lr
         * @param t the step
         */
        double lr(double base, long t);
    }

    /** The closed form, or null for a scheduler that overrides {@link #lrAt(int, double, long)}. */
    private final Formula formula;

    /**
     * Attaches to {@code optimizer}, recording each group's base lr. The subclass overrides
     * {@link #lrAt(int, double, long)} and calls {@link #start()} at the end of its constructor.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     */
    protected LRScheduler(Optimizer<?> optimizer) {
        this.optimizer = optimizer;
        this.baseLrs = initialLrs(optimizer);
        this.formula = null;
    }

    /**
     * Attaches to {@code optimizer}, recording each group's base lr, and sets the learning rates of
     * step 0 from {@code formula}.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param formula the learning rate of a group from its base lr and the step, with the settings bound
     */
    protected LRScheduler(Optimizer<?> optimizer, Formula formula) {
        this.optimizer = optimizer;
        this.baseLrs = initialLrs(optimizer);
        this.formula = Objects.requireNonNull(formula, "formula");
        start();
    }

    private static double[] initialLrs(Optimizer<?> optimizer) {
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup<?> g = groups.get(i);
            if (Double.isNaN(g.initialLr())) {
                g.setInitialLr(g.lr());
            }
            lrs[i] = g.initialLr();
        }
        return lrs;
    }

    /** Sets the learning rates of step 0. */
    protected final void start() {
        lastEpoch = 0;
        apply();
    }

    /**
     * The learning rate of a group at step {@code t}.
     *
     * @return the learning rate of group {@code group} after {@code t} steps
     * @param group the group index
     * @param base the group's base lr
     * @param t the step
     */
    public double lrAt(int group, double base, long t) {
        return formula.lr(base, t);
    }

    /** Advances one step and updates the optimiser's learning rates. */
    public void step() {
        lastEpoch++;
        advance();
        apply();
    }

    /** Hook for schedulers with running state (called after the counter moved, before {@link #apply()}). */
    protected void advance() {
    }

    /** Restarts at step 0 (used by {@link SequentialLR} at its milestones). */
    protected void reset() {
        lastEpoch = 0;
    }

    /** Writes the learning rates of the current step into the optimiser. */
    protected void apply() {
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(lrAt(i, baseLrs[i], lastEpoch));
        }
    }

    /**
     * The number of steps taken.
     *
     * @return the number of {@code step()} calls so far (PyTorch's {@code last_epoch})
     */
    public long lastEpoch() {
        return lastEpoch;
    }

    /**
     * The base learning rates.
     *
     * @return a copy of each group's learning rate when the scheduler was created
     */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    /**
     * The learning rates the groups have now.
     *
     * @return each parameter group's current learning rate, in group order
     */
    public List<Double> lastLr() {
        return currentLrs(optimizer);
    }

    /** {@return each of {@code optimizer}'s parameter groups' learning rate now, in group order} */
    static List<Double> currentLrs(Optimizer<?> optimizer) {
        List<Double> out = new ArrayList<>();
        for (ParamGroup<?> g : optimizer.paramGroups()) {
            out.add(g.lr());
        }
        return out;
    }

    /**
     * The scheduler state as JSON-ready values: {@code last_epoch}, {@code base_lrs} and any running state.
     *
     * @return the state, ready for {@code Json.write}
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_epoch", lastEpoch);
        List<Object> bases = new ArrayList<>();
        for (double b : baseLrs) {
            bases.add(b);
        }
        m.put("base_lrs", bases);
        return m;
    }

    /**
     * Restores a state saved by {@link #stateDict()} (and the optimiser's learning rates).
     *
     * @param state a map written by {@link #stateDict()} (possibly read back from JSON)
     */
    public void loadStateDict(Map<String, Object> state) {
        lastEpoch = ((Number) state.get("last_epoch")).longValue();
        List<?> bases = (List<?>) state.get("base_lrs");
        if (bases.size() != baseLrs.length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: " + bases.size()
                    + " base lrs for " + baseLrs.length + " parameter groups");
        }
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = ((Number) bases.get(i)).doubleValue();
        }
    }

    static void positive(String name, String arg, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + ": " + arg + " must be positive, got " + v);
        }
    }
}
