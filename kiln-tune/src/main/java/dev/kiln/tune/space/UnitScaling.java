package dev.kiln.tune.space;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FloatDistribution;
import dev.kiln.tune.IntDistribution;

/**
 * Maps the internal value of a numeric distribution to u ∈ [0, 1] and back, the way model-based samplers
 * (GP, CMA-ES, GA) see a search space, as Optuna's GP search space does:
 * <pre>
 *   continuous float:           u = (t(v) − t(low)) / (t(high) − t(low)),         t = ln for log ranges, else identity
 *   int or stepped float:       the same with low − step/2 and high + step/2, so that every value owns an
 *                               equal slice of [0, 1] (in log space for log ints)
 * </pre>
 * {@link #fromUnit} inverts it, rounding to the step grid and clamping into the range. Categorical
 * distributions are not numeric and are refused.
 */
public final class UnitScaling {
    private UnitScaling() {}

    private static double[] bounds(Distribution d) {
        return switch (d) {
            case FloatDistribution f when f.hasStep() ->
                    new double[] {f.low() - 0.5 * f.step(), f.high() + 0.5 * f.step()};
            case FloatDistribution f when f.isLog() -> new double[] {Math.log(f.low()), Math.log(f.high())};
            case FloatDistribution f -> new double[] {f.low(), f.high()};
            case IntDistribution i when i.isLog() -> new double[] {Math.log(i.low() - 0.5), Math.log(i.high() + 0.5)};
            case IntDistribution i -> new double[] {i.low() - 0.5 * i.step(), i.high() + 0.5 * i.step()};
            case CategoricalDistribution c ->
                    throw new IllegalArgumentException("UnitScaling: a categorical distribution has no numeric scale");
        };
    }

    private static boolean logScaled(Distribution d) {
        return d instanceof FloatDistribution f && f.isLog() || d instanceof IntDistribution i && i.isLog();
    }

    /** u ∈ [0, 1] for an internal value of {@code d}. */
    public static double toUnit(Distribution d, double internal) {
        double[] b = bounds(d);
        double t = logScaled(d) ? Math.log(internal) : internal;
        double width = b[1] - b[0];
        return width > 0 ? Math.min(1.0, Math.max(0.0, (t - b[0]) / width)) : 0.5;
    }

    /** The internal value of {@code d} at u (clamped to [0, 1]), rounded to its grid and inside its range. */
    public static double fromUnit(Distribution d, double u) {
        double[] b = bounds(d);
        double t = b[0] + Math.min(1.0, Math.max(0.0, u)) * (b[1] - b[0]);
        double v = logScaled(d) ? Math.exp(t) : t;
        return switch (d) {
            case FloatDistribution f when f.hasStep() -> {
                long k = Math.round((v - f.low()) / f.step());
                long last = Math.round((f.high() - f.low()) / f.step());
                yield f.low() + Math.max(0, Math.min(last, k)) * f.step();
            }
            case FloatDistribution f -> Math.min(f.high(), Math.max(f.low(), v));
            case IntDistribution i -> {
                long k = Math.round((v - i.low()) / i.step());
                yield i.low() + Math.max(0, Math.min(i.size() - 1, k)) * (double) i.step();
            }
            case CategoricalDistribution c -> throw new IllegalArgumentException("UnitScaling: categorical");
        };
    }

    /**
     * The unit values of every allowed value of a discrete distribution (ints, stepped floats), ascending,
     * or null for a continuous range or one with more than {@code limit} values.
     */
    public static double[] grid(Distribution d, int limit) {
        long count = switch (d) {
            case FloatDistribution f when f.hasStep() -> Math.round((f.high() - f.low()) / f.step()) + 1;
            case IntDistribution i -> i.size();
            default -> -1;
        };
        if (count < 0 || count > limit) {
            return null;
        }
        double[] g = new double[(int) count];
        for (int k = 0; k < count; k++) {
            double v = switch (d) {
                case FloatDistribution f -> f.low() + k * f.step();
                case IntDistribution i -> i.low() + (double) k * i.step();
                default -> throw new IllegalStateException();
            };
            g[k] = toUnit(d, v);
        }
        return g;
    }
}
