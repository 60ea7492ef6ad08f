package dev.kiln.tune;

import java.util.ArrayList;
import java.util.List;

/** Pareto dominance and the non-dominated set of trials. */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * True when {@code a} dominates {@code b}: no worse in every objective and strictly better in at
     * least one, under the given directions.
     */
    public static boolean dominates(List<Double> a, List<Double> b, List<StudyDirection> directions) {
        boolean strictly = false;
        for (int i = 0; i < directions.size(); i++) {
            double x = directions.get(i).asLoss(a.get(i));
            double y = directions.get(i).asLoss(b.get(i));
            if (x > y) {
                return false;
            }
            if (x < y) {
                strictly = true;
            }
        }
        return strictly;
    }

    /** The trials of {@code trials} (each with one value per direction) that no other one dominates, by number. */
    public static List<FrozenTrial> of(List<FrozenTrial> trials, List<StudyDirection> directions) {
        List<FrozenTrial> front = new ArrayList<>();
        for (FrozenTrial t : trials) {
            boolean dominated = false;
            for (FrozenTrial u : trials) {
                if (u != t && dominates(u.values(), t.values(), directions)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(t);
            }
        }
        return front;
    }
}
