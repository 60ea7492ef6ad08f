package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Multiplies the lr by a factor at every step: {@code lr_t = lr_{t−1}·λ(t)}, so
 * {@code lr_t = base·λ(1)·…·λ(t)}. The running product is part of the state.
 *
 * <pre>{@code
 * var sched = new MultiplicativeLR(opt, t -> 0.95);
 * }</pre>
 */
public final class MultiplicativeLR extends LRScheduler {
    private final LongToDoubleFunction lambda;
    private final double[] product;

    /**
     * The same factor function for every group.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param lambda the factor the current lr is multiplied by at each step, as a function of the step
     */
    public MultiplicativeLR(Optimizer<?> optimizer, LongToDoubleFunction lambda) {
        super(optimizer);
        this.lambda = lambda;
        this.product = new double[baseLrs.length];
        java.util.Arrays.fill(product, 1);
        start();
    }

    @Override
    protected void advance() {
        double f = lambda.applyAsDouble(lastEpoch);
        for (int i = 0; i < product.length; i++) {
            product[i] *= f;
        }
    }

    @Override
    protected void reset() {
        super.reset();
        java.util.Arrays.fill(product, 1);
    }

    /** {@code base·λ(1)·…·λ(lastEpoch)}; only the current step is known (t is ignored). */
    @Override
    public double lrAt(int group, double base, long t) {
        return base * product[group];
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = super.stateDict();
        List<Object> p = new ArrayList<>();
        for (double v : product) {
            p.add(v);
        }
        m.put("product", p);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        super.loadStateDict(state);
        List<?> p = (List<?>) state.get("product");
        for (int i = 0; i < product.length; i++) {
            product[i] = ((Number) p.get(i)).doubleValue();
        }
    }
}
