package dev.kiln.conformance;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Decodes conformance-vector tensors (SCHEMA.md §1.2) and compares results with stored values (§1.3). */
public final class ConformanceTensors {
    private ConformanceTensors() {
    }

    /** Builds a tensor from {@code {"shape", "dtype", "data" | "fill", "requires_grad"?}}. */
    public static Tensor decode(Map<String, Object> json) {
        int[] shape = toIntArray(json.get("shape"));
        DType type = DType.parse((String) json.get("dtype"));
        int n = Shape.numel(shape);
        double[] values = new double[n];
        long[] longs = null;
        if (json.containsKey("fill")) {
            java.util.Arrays.fill(values, number(json.get("fill")));
        } else {
            List<?> data = (List<?>) json.get("data");
            if (data.size() != n) {
                throw new IllegalArgumentException("tensor data has " + data.size() + " values for shape " + Shape.str(shape));
            }
            if (type == DType.INT64) {
                longs = new long[n];
            }
            for (int i = 0; i < n; i++) {
                Object v = data.get(i);
                if (longs != null) {
                    longs[i] = ((Number) v).longValue();
                } else {
                    values[i] = number(v);
                }
            }
        }
        Tensor t = switch (type) {
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) values[i];
                }
                yield Tensor.fromArray(f, shape);
            }
            case FLOAT64 -> Tensor.fromArray(values, shape);
            case INT64 -> longs != null ? Tensor.fromArray(longs, shape) : Tensor.fromArray(values, shape).to(DType.INT64);
            case BOOL -> Tensor.fromArray(values, shape).to(DType.BOOL);
        };
        if (Boolean.TRUE.equals(json.get("requires_grad"))) {
            t.requiresGrad(true);
        }
        return t;
    }

    /** A JSON number, or one of the strings "NaN", "Infinity", "-Infinity", or a boolean, as a double. */
    public static double number(Object v) {
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return switch (String.valueOf(v)) {
            case "NaN" -> Double.NaN;
            case "Infinity", "inf" -> Double.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number: " + v);
        };
    }

    /** A JSON list of integers as an int array (a single integer gives a one-element array). */
    public static int[] toIntArray(Object v) {
        if (v instanceof Number num) {
            return new int[] {num.intValue()};
        }
        List<?> list = (List<?>) v;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).intValue();
        }
        return out;
    }

    /**
     * The §1.3 rule for one float value: an expected NaN is matched only by a NaN, an expected
     * ±Infinity only by the same infinity; a finite expected value by a number with
     * |actual − expected| ≤ atol + rtol·|expected| (a NaN or an infinity never is).
     */
    public static boolean matches(double actual, double expected, double rtol, double atol) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /**
     * Compares {@code actual} with the stored tensor {@code expected}: shapes exactly; int64 and bool
     * exactly; floats by {@link #matches} (|a − e| ≤ atol + rtol·|e|, NaN and infinities only by themselves).
     *
     * @return null when they match, else a message naming the first mismatch
     */
    public static String compare(String what, Tensor actual, Map<String, Object> expected, double rtol, double atol) {
        Tensor e = decode(expected);
        if (actual == null) {
            return what + ": no value produced";
        }
        if (!Shape.same(actual.shape(), e.shape())) {
            return what + ": shape " + Shape.str(actual.shape()) + ", expected " + Shape.str(e.shape());
        }
        double[] a = actual.toDoubleArray();
        double[] x = e.toDoubleArray();
        boolean exact = e.dtype() == DType.INT64 || e.dtype() == DType.BOOL;
        for (int i = 0; i < a.length; i++) {
            boolean ok = exact ? a[i] == x[i] : matches(a[i], x[i], rtol, atol);
            if (!ok) {
                return what + ": element " + i + " is " + a[i] + ", expected " + x[i] + " (rtol " + rtol + ", atol " + atol + ")";
            }
        }
        return null;
    }
}
