package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * completed trials' values at the same step (Optuna's PercentilePruner; the median pruner is the
 * 50th percentile).
 *
 * <p>Nothing is pruned before {@code startupTrials} trials have completed, before step
 * {@code warmupSteps}, at steps other than the first of each {@code intervalSteps}-long interval,
 * or while fewer than {@code minTrials} completed trials reported that step.
 */
final class PercentilePruner implements Pruner {
    private final double percentile;
    private final int startupTrials;
    private final int warmupSteps;
    private final int intervalSteps;
    private final int minTrials;

    PercentilePruner(double percentile, int startupTrials, int warmupSteps, int intervalSteps, int minTrials) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile pruner: percentile must be in [0, 100], got " + percentile);
        }
        if (startupTrials < 0 || warmupSteps < 0 || intervalSteps < 1 || minTrials < 1) {
            throw new IllegalArgumentException("percentile pruner: need startupTrials >= 0, warmupSteps >= 0, "
                    + "intervalSteps >= 1, minTrials >= 1; got " + startupTrials + ", " + warmupSteps + ", "
                    + intervalSteps + ", " + minTrials);
        }
        this.percentile = percentile;
        this.startupTrials = startupTrials;
        this.warmupSteps = warmupSteps;
        this.intervalSteps = intervalSteps;
        this.minTrials = minTrials;
    }

    @Override
    public boolean prune(Study study, FrozenTrial trial) {
        if (trial.intermediateValues().isEmpty()) {
            return false;
        }
        int step = trial.intermediateValues().lastKey();
        List<FrozenTrial> completed = study.completedTrials();
        if (completed.size() < startupTrials || step < warmupSteps) {
            return false;
        }
        if (!firstInInterval(step, trial)) {
            return false;
        }
        StudyDirection direction = study.direction();
        double best = Double.NaN;
        for (double v : trial.intermediateValues().values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || direction.better(v, best))) {
                best = v;
            }
        }
        if (Double.isNaN(best)) {
            return true;
        }
        List<Double> atStep = new ArrayList<>();
        for (FrozenTrial t : completed) {
            Double v = t.intermediateValues().get(step);
            if (v != null && !Double.isNaN(v)) {
                atStep.add(v);
            }
        }
        if (atStep.size() < minTrials) {
            return false;
        }
        double p = percentileOf(atStep, direction == StudyDirection.MAXIMIZE ? 100 - percentile : percentile);
        return direction.better(p, best);
    }

    private boolean firstInInterval(int step, FrozenTrial trial) {
        int nearestLowerPruningStep = Math.floorDiv(step - warmupSteps, intervalSteps) * intervalSteps + warmupSteps;
        int secondLast = -1;
        for (int s : trial.intermediateValues().keySet()) {
            if (s > secondLast && s != step) {
                secondLast = s;
            }
        }
        return secondLast < nearestLowerPruningStep;
    }

    /** The q-th percentile with linear interpolation between order statistics (numpy's default). */
    static double percentileOf(List<Double> values, double q) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        double pos = q / 100 * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.size() - 1, lo + 1);
        return s.get(lo) + (pos - lo) * (s.get(hi) - s.get(lo));
    }
}
