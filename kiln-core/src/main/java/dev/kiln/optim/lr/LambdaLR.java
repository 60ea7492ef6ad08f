package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * Multiplies each group's base lr by a function of the step: {@code lr = base·λ(t)}.
 *
 * <pre>{@code
 * var sched = new LambdaLR(opt, t -> Math.pow(0.95, t));
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
    private final List<LongToDoubleFunction> lambdas;

    /**
     * One multiplier for every group.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param lambda the multiplier of the base lr as a function of the step, for every group
     */
    public LambdaLR(Optimizer<?> optimizer, LongToDoubleFunction lambda) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), lambda));
    }

    /**
     * One multiplier per group.
     *
     * @param optimizer the optimiser whose parameter groups' learning rates this scheduler sets
     * @param lambdas one multiplier function of the step per parameter group
     */
    public LambdaLR(Optimizer<?> optimizer, List<LongToDoubleFunction> lambdas) {
        super(optimizer);
        if (lambdas.size() != baseLrs.length) {
            throw new IllegalArgumentException("LambdaLR: expected " + baseLrs.length + " lambdas (one per group), got " + lambdas.size());
        }
        this.lambdas = List.copyOf(lambdas);
        start();
    }

    @Override
    public double lrAt(int group, double base, long t) {
        return base * lambdas.get(group).applyAsDouble(t);
    }
}
