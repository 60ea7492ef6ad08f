package dev.kiln.optim.lr;

import java.util.List;
import java.util.Map;

/**
 * Steps several schedulers together so that their multiplicative effects compound:
 * {@code lr = base·Π_i f_i(t)}, where {@code f_i(t)} is scheduler i's lr divided by its base.
 *
 * <pre>{@code
 * var sched = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)));
 * }</pre>
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    /** Chains schedulers built on the same optimiser. */
    public ChainedScheduler(List<LRScheduler> schedulers) {
        super(schedulers.getFirst().optimizer);
        for (LRScheduler s : schedulers) {
            if (s.optimizer != optimizer) {
                throw new IllegalArgumentException("ChainedScheduler: every scheduler must belong to the same optimizer");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        start();
    }

    @Override
    protected void advance() {
        for (LRScheduler s : schedulers) {
            s.lastEpoch++;
            s.advance();
        }
    }

    @Override
    protected void reset() {
        super.reset();
        for (LRScheduler s : schedulers) {
            s.reset();
        }
    }

    @Override
    public double lrAt(int group, double base, long t) {
        double lr = base;
        for (LRScheduler s : schedulers) {
            double b = s.baseLrs[group];
            lr *= b == 0 ? 0 : s.lrAt(group, b, s.lastEpoch) / b;
        }
        return lr;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = super.stateDict();
        m.put("schedulers", schedulers.stream().map(LRScheduler::stateDict).toList());
        return m;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> state) {
        super.loadStateDict(state);
        List<Object> subs = (List<Object>) state.get("schedulers");
        for (int i = 0; i < schedulers.size(); i++) {
            schedulers.get(i).loadStateDict((Map<String, Object>) subs.get(i));
        }
    }
}
