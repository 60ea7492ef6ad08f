package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), as Optuna's SuccessiveHalvingPruner.
 *
 * <p>Rung r is reached at step {@code minResource · η^(s + r)} (η = reduction factor, s = minimum
 * early-stopping rate). A trial reaching a rung records its value there and is promoted (kept
 * running) only if it is within the best 1/η of the values recorded at that rung so far, itself
 * included; otherwise it is pruned. Nothing waits for other trials, which suits parallel studies.
 * With {@code minResource} 0 ("auto"), it is max(1, last step of the longest completed trial / 100),
 * known once one trial has completed.
 */
final class SuccessiveHalvingPruner implements Pruner {
    private static final String RUNG = "completed_rung_";

    private volatile int minResource;
    private final int reductionFactor;
    private final int minEarlyStoppingRate;
    private final int bootstrapCount;
    private final Predicate<FrozenTrial> competitors;

    SuccessiveHalvingPruner(int minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount,
                            Predicate<FrozenTrial> competitors) {
        if (minResource < 0 || reductionFactor < 2 || minEarlyStoppingRate < 0 || bootstrapCount < 0) {
            throw new IllegalArgumentException("successive halving: need minResource >= 0 (0 = auto), "
                    + "reductionFactor >= 2, minEarlyStoppingRate >= 0, bootstrapCount >= 0; got "
                    + minResource + ", " + reductionFactor + ", " + minEarlyStoppingRate + ", " + bootstrapCount);
        }
        this.minResource = minResource;
        this.reductionFactor = reductionFactor;
        this.minEarlyStoppingRate = minEarlyStoppingRate;
        this.bootstrapCount = bootstrapCount;
        this.competitors = competitors;
    }

    @Override
    public boolean prune(Study study, FrozenTrial trial) {
        if (trial.intermediateValues().isEmpty()) {
            return false;
        }
        int step = trial.intermediateValues().lastKey();
        double value = trial.intermediateValues().get(step);
        int rung = 0;
        while (trial.systemAttrs().containsKey(RUNG + rung)) {
            rung++;
        }
        List<FrozenTrial> trials = null;
        while (true) {
            if (minResource == 0) {
                trials = study.trials();
                int last = -1;
                for (FrozenTrial t : trials) {
                    if (t.state() == TrialState.COMPLETE && !t.intermediateValues().isEmpty()) {
                        last = Math.max(last, t.intermediateValues().lastKey());
                    }
                }
                if (last < 0) {
                    return false;
                }
                minResource = Math.max(last / 100, 1);
            }
            long promotionStep = minResource * pow(reductionFactor, minEarlyStoppingRate + rung);
            if (step < promotionStep) {
                return false;
            }
            if (Double.isNaN(value)) {
                return true;
            }
            if (trials == null) {
                trials = study.trials();
            }
            String key = RUNG + rung;
            study.storage().setSystemAttr(study.id(), trial.number(), key, value);
            List<Double> competing = new ArrayList<>();
            for (FrozenTrial t : trials) {
                if (t.number() != trial.number() && t.systemAttrs().get(key) instanceof Number n && competitors.test(t)) {
                    competing.add(n.doubleValue());
                }
            }
            competing.add(value);
            if (competing.size() <= bootstrapCount) {
                return true;
            }
            if (!promotable(value, competing, study.direction())) {
                return true;
            }
            rung++;
        }
    }

    private boolean promotable(double value, List<Double> competing, StudyDirection direction) {
        int idx = competing.size() / reductionFactor - 1;
        if (idx == -1) {
            idx = 0;
        }
        Collections.sort(competing);
        if (direction == StudyDirection.MAXIMIZE) {
            return value >= competing.get(competing.size() - 1 - idx);
        }
        return value <= competing.get(idx);
    }

    private static long pow(int base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }
}
