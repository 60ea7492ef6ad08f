package dev.kiln.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A float range [low, high], spread evenly ({@link Scale#LINEAR}) or in log space
 * ({@link Scale#LOG}), optionally discretised to {@code low + k·step} (step 0 = continuous).
 *
 * @param low   the smallest value
 * @param high  the largest value (≥ low)
 * @param scale linear or log (log needs low &gt; 0 and no step)
 * @param step  the grid spacing, or 0 for a continuous range
 */
public record FloatDistribution(double low, double high, Scale scale, double step) implements Distribution {

    /** Validates the range. */
    public FloatDistribution {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("float range: bounds must be finite, got [" + low + ", " + high + "]");
        }
        if (low > high) {
            throw new IllegalArgumentException("float range: low " + low + " is above high " + high);
        }
        if (scale == null) {
            throw new IllegalArgumentException("float range: scale is null");
        }
        if (scale == Scale.LOG && low <= 0) {
            throw new IllegalArgumentException("log float range: low must be > 0, got " + low);
        }
        if (!(step >= 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("float range: step must be finite and >= 0, got " + step);
        }
        if (step > 0 && scale == Scale.LOG) {
            throw new IllegalArgumentException("float range: a step cannot be combined with a log scale");
        }
        if (step > 0) {
            // Like Optuna: high is moved down onto the grid.
            double k = Math.floor((high - low) / step + 1e-9);
            high = Math.min(high, low + k * step);
        }
    }

    /** A continuous, linear range [low, high]. */
    public static FloatDistribution uniform(double low, double high) {
        return new FloatDistribution(low, high, Scale.LINEAR, 0);
    }

    /** A continuous range [low, high] spread evenly in log space. */
    public static FloatDistribution log(double low, double high) {
        return new FloatDistribution(low, high, Scale.LOG, 0);
    }

    /** The grid {@code low, low+step, …} up to high. */
    public static FloatDistribution stepped(double low, double high, double step) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("float range: step must be > 0, got " + step);
        }
        return new FloatDistribution(low, high, Scale.LINEAR, step);
    }

    /** True for a log-scaled range. */
    public boolean isLog() {
        return scale == Scale.LOG;
    }

    /** True when the range is discretised by a step. */
    public boolean hasStep() {
        return step > 0;
    }

    @Override
    public double toInternal(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("float range: expected a number, got " + value);
        }
        return n.doubleValue();
    }

    @Override
    public Object toExternal(double internal) {
        return internal;
    }

    @Override
    public boolean contains(double v) {
        if (!(v >= low && v <= high)) {
            return false;
        }
        if (step > 0) {
            double k = (v - low) / step;
            return Math.abs(k - Math.rint(k)) < 1e-8 * Math.max(1, Math.abs(k));
        }
        return true;
    }

    @Override
    public boolean isSingle() {
        return low == high || (step > 0 && high - low < step);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "float");
        m.put("low", low);
        m.put("high", high);
        m.put("log", isLog());
        if (step > 0) {
            m.put("step", step);
        }
        return m;
    }
}
