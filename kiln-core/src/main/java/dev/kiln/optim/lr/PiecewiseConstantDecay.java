package dev.kiln.optim.lr;

/**
 * A piecewise constant lr: {@code values[0]} for {@code s ≤ b0}, {@code values[i+1]} for
 * {@code b_i < s ≤ b_{i+1}}, and the last value after the last boundary.
 */
public final class PiecewiseConstantDecay implements DecaySchedule {
    private final long[] boundaries;
    private final double[] values;

    /**
     * {@code values} has one more entry than the increasing {@code boundaries}.
     *
     * @param boundaries increasing steps at which the value changes
     * @param values the learning rate before the first boundary, between each pair, and after the last
     */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: need " + (boundaries.length + 1) + " values for "
                    + boundaries.length + " boundaries, got " + values.length);
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase");
            }
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double lr(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }
}
