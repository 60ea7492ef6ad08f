package dev.kiln.tune;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Hyperband (Li et al. 2018), as Optuna's HyperbandPruner: several successive-halving brackets
 * that differ in how early they start pruning (bracket s starts at minResource · η^s), so that a
 * bad guess of the right aggressiveness costs little. With {@code maxResource} 0 ("auto") it is
 * the last step of the first completed trial + 1. There are ⌊log_η(max/min)⌋ + 1 brackets; each
 * trial is assigned to one by a hash of (study name, trial number), bracket s getting a share
 * ⌈n·η^(n−1−s)/(n−s)⌉ of the trials, and competes only with trials of its own bracket.
 */
final class HyperbandPruner implements Pruner {
    private final int minResource;
    private volatile int maxResource;
    private final int reductionFactor;
    private volatile List<SuccessiveHalvingPruner> brackets;
    private volatile int[] budgets;
    private volatile int totalBudget;

    HyperbandPruner(int minResource, int maxResource, int reductionFactor) {
        if (minResource < 1 || maxResource < 0 || reductionFactor < 2) {
            throw new IllegalArgumentException("hyperband: need minResource >= 1, maxResource >= 0 (0 = auto), "
                    + "reductionFactor >= 2; got " + minResource + ", " + maxResource + ", " + reductionFactor);
        }
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.reductionFactor = reductionFactor;
    }

    @Override
    public boolean prune(Study study, FrozenTrial trial) {
        if (brackets == null && !initialise(study)) {
            return false;
        }
        int id = bracketOf(study.name(), trial.number());
        return brackets.get(id).prune(study, trial);
    }

    private synchronized boolean initialise(Study study) {
        if (brackets != null) {
            return true;
        }
        if (maxResource == 0) {
            int last = -1;
            for (FrozenTrial t : study.completedTrials()) {
                if (!t.intermediateValues().isEmpty()) {
                    last = Math.max(last, t.intermediateValues().lastKey());
                }
            }
            if (last < 0) {
                return false;
            }
            maxResource = last + 1;
        }
        int n = (int) Math.floor(Math.log((double) maxResource / minResource) / Math.log(reductionFactor)) + 1;
        n = Math.max(n, 1);
        int[] b = new int[n];
        int total = 0;
        List<SuccessiveHalvingPruner> list = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int rest = n - 1 - s;
            b[s] = (int) Math.ceil(n * Math.pow(reductionFactor, rest) / (rest + 1));
            total += b[s];
            final int bracket = s;
            list.add(new SuccessiveHalvingPruner(minResource, reductionFactor, s, 0,
                    t -> bracketOf(study.name(), t.number()) == bracket));
        }
        budgets = b;
        totalBudget = total;
        brackets = list;
        return true;
    }

    int bracketOf(String studyName, int number) {
        CRC32 crc = new CRC32();
        crc.update((studyName + "_" + number).getBytes(StandardCharsets.UTF_8));
        long n = crc.getValue() % totalBudget;
        for (int s = 0; s < budgets.length; s++) {
            n -= budgets[s];
            if (n < 0) {
                return s;
            }
        }
        throw new IllegalStateException("hyperband: no bracket for trial " + number);
    }
}
