package dev.kiln.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An integer range {@code low, low+step, …, high}, spread evenly ({@link Scale#LINEAR}) or in log
 * space ({@link Scale#LOG}, step 1 only).
 *
 * @param low   the smallest value
 * @param high  the largest value (≥ low; moved down onto the step grid)
 * @param scale linear or log (log needs low ≥ 1)
 * @param step  the spacing, ≥ 1
 */
public record IntDistribution(int low, int high, Scale scale, int step) implements Distribution {

    /** Validates the range. */
    public IntDistribution {
        if (low > high) {
            throw new IllegalArgumentException("int range: low " + low + " is above high " + high);
        }
        if (scale == null) {
            throw new IllegalArgumentException("int range: scale is null");
        }
        if (step < 1) {
            throw new IllegalArgumentException("int range: step must be >= 1, got " + step);
        }
        if (scale == Scale.LOG && low < 1) {
            throw new IllegalArgumentException("log int range: low must be >= 1, got " + low);
        }
        if (scale == Scale.LOG && step != 1) {
            throw new IllegalArgumentException("int range: a step other than 1 cannot be combined with a log scale");
        }
        high = low + (int) (((long) high - low) / step * step);
    }

    /** The integers low..high, evenly. */
    public static IntDistribution uniform(int low, int high) {
        return new IntDistribution(low, high, Scale.LINEAR, 1);
    }

    /** The integers low..high, evenly in log space. */
    public static IntDistribution log(int low, int high) {
        return new IntDistribution(low, high, Scale.LOG, 1);
    }

    /** The integers low, low+step, … up to high. */
    public static IntDistribution stepped(int low, int high, int step) {
        return new IntDistribution(low, high, Scale.LINEAR, step);
    }

    /** True for a log-scaled range. */
    public boolean isLog() {
        return scale == Scale.LOG;
    }

    /** The number of values in the range. */
    public long size() {
        return ((long) high - low) / step + 1;
    }

    @Override
    public double toInternal(Object value) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("int range: expected an integer, got " + value);
        }
        return n.doubleValue();
    }

    @Override
    public Object toExternal(double internal) {
        return (int) Math.round(internal);
    }

    @Override
    public boolean contains(double v) {
        return v >= low && v <= high && v == Math.rint(v) && ((long) v - low) % step == 0;
    }

    @Override
    public boolean isSingle() {
        return low == high;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "int");
        m.put("low", low);
        m.put("high", high);
        m.put("log", isLog());
        m.put("step", step);
        return m;
    }
}
