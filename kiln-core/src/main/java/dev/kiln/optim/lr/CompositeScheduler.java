package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * The common part of {@link ChainedScheduler} and {@link SequentialLR}, schedulers made of other
 * schedulers on the same optimiser: the parts are reset with the whole and saved inside its state
 * dict (under {@code schedulers}).
 */
abstract class CompositeScheduler extends LRScheduler {
    /** The parts, in order. */
    final List<LRScheduler> schedulers;

    /** Attaches to {@code optimizer}; {@code name} is the scheduler named in the error when a part belongs to another one. */
    CompositeScheduler(String name, Optimizer<?> optimizer, List<LRScheduler> schedulers) {
        super(optimizer);
        for (LRScheduler s : schedulers) {
            if (s.optimizer != optimizer) {
                throw new IllegalArgumentException(name + ": every scheduler must belong to the same optimizer");
            }
        }
        this.schedulers = List.copyOf(schedulers);
    }

    @Override
    protected void reset() {
        super.reset();
        for (LRScheduler s : schedulers) {
            s.reset();
        }
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
