package dev.kiln.conformance;

import static dev.kiln.conformance.ConformanceRunner.map;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a statistical or property case (SCHEMA.md §4), one with an {@code expect} object in place
 * of {@code outputs}.
 *
 * <p>Initialisers (§4.1) get no inputs, only the attrs, and return {@code {"output": tensor}} of
 * shape {@code attrs.shape} ({@code calculate_gain}: a scalar tensor;
 * {@code calculate_fan_in_and_fan_out}: scalars {@code "fan_in"} and {@code "fan_out"}). For the
 * random kinds the handler is called again and again until {@code tolerance.min_samples} values
 * are collected; then every value must lie in [{@code low}, {@code high}] when those are given,
 * {@code |mean − expect.mean| ≤ mean_atol} and {@code |std − expect.std| ≤ std_rtol·expect.std}.
 * Dropout (§4.2) runs once on its constant input.
 */
final class ExpectCase {
    /** A safety cap on repeated initialiser calls, for handlers that return tiny tensors. */
    private static final int MAX_CALLS = 1_000_000;

    private ExpectCase() {
    }

    static String run(Map<String, Object> testCase, OpHandler handler) {
        Map<String, Object> expect = map(testCase.get("expect"));
        Map<String, Object> tol = map(testCase.get("tolerance"));
        Map<String, Object> attrs = ConformanceRunner.attrs(testCase);
        String kind = String.valueOf(expect.get("kind"));
        return switch (kind) {
            case "scalar" -> scalar(handler, attrs, expect, tol);
            case "fans" -> fans(handler, attrs, expect);
            case "exact" -> exact(handler, attrs, expect, tol);
            case "uniform", "normal", "truncated_normal" -> distribution(handler, attrs, expect, tol, false);
            case "sparse" -> distribution(handler, attrs, expect, tol, true);
            case "orthogonal" -> orthogonal(handler, attrs, expect, tol);
            case "dropout", "identity" -> dropout(handler, testCase, attrs, expect, kind);
            default -> throw new ConformanceRunner.Unsupported("expect kind '" + kind + "'");
        };
    }

    private static Tensor output(OpHandler handler, Map<String, Object> inputs, Map<String, Object> attrs) {
        Map<String, Tensor> r = handler.run(inputs, attrs);
        Tensor t = r == null ? null : r.get("output");
        if (t == null) {
            throw new AssertionError("the handler returned no 'output'");
        }
        return t;
    }

    private static Tensor init(OpHandler handler, Map<String, Object> attrs) {
        return output(handler, new HashMap<>(), attrs);
    }

    private static double num(Map<String, Object> m, String key, double fallback) {
        Object v = m.get(key);
        return v == null ? fallback : ConformanceTensors.number(v);
    }

    private static String scalar(OpHandler handler, Map<String, Object> attrs, Map<String, Object> expect, Map<String, Object> tol) {
        Tensor t = init(handler, attrs);
        if (t.numel() != 1) {
            return "expected a scalar, got shape " + Shape.str(t.shape());
        }
        double actual = t.item();
        if (expect.get("value") == null) {
            return "the case gives no expected value";
        }
        double expected = num(expect, "value", 0);
        return ConformanceTensors.matches(actual, expected, num(tol, "rtol", 0), num(tol, "atol", 0)) ? null
                : "value " + actual + ", expected " + expected;
    }

    private static String fans(OpHandler handler, Map<String, Object> attrs, Map<String, Object> expect) {
        Map<String, Tensor> r = handler.run(new HashMap<>(), attrs);
        for (String key : List.of("fan_in", "fan_out")) {
            Tensor t = r == null ? null : r.get(key);
            if (t == null) {
                return key + ": not produced";
            }
            if (t.item() != num(expect, key, Double.NaN)) {
                return key + " is " + t.item() + ", expected " + expect.get(key);
            }
        }
        return null;
    }

    private static String exact(OpHandler handler, Map<String, Object> attrs, Map<String, Object> expect, Map<String, Object> tol) {
        Tensor t = init(handler, attrs);
        return ConformanceTensors.compare("output", t, map(expect.get("tensor")), num(tol, "rtol", 0), num(tol, "atol", 0));
    }

    /** Checks the shape an initialiser returned against {@code attrs.shape}. */
    private static String checkShape(Tensor t, Map<String, Object> attrs) {
        if (attrs.get("shape") == null) {
            return null;
        }
        int[] shape = ConformanceTensors.toIntArray(attrs.get("shape"));
        return Shape.same(shape, t.shape()) ? null : "output shape " + Shape.str(t.shape()) + ", expected " + Shape.str(shape);
    }

    private static String distribution(OpHandler handler, Map<String, Object> attrs, Map<String, Object> expect,
            Map<String, Object> tol, boolean sparse) {
        int minSamples = (int) num(tol, "min_samples", 20000);
        double low = num(expect, "low", Double.NEGATIVE_INFINITY);
        double high = num(expect, "high", Double.POSITIVE_INFINITY);
        int zerosPerColumn = (int) num(expect, "zeros_per_column", 0);
        double[] values = new double[Math.max(16, minSamples)];
        int kept = 0;
        long seen = 0;
        for (int call = 0; seen < minSamples; call++) {
            if (call >= MAX_CALLS) {
                return "gave up after " + call + " calls";
            }
            Tensor t = init(handler, attrs);
            String r = checkShape(t, attrs);
            if (r != null) {
                return r;
            }
            if (t.numel() == 0) {
                return "the initialiser returned an empty tensor";
            }
            double[] v = t.toDoubleArray();
            if (sparse) {
                r = checkZeroColumns(t, v, zerosPerColumn);
                if (r != null) {
                    return r;
                }
            }
            for (double x : v) {
                if (!(x >= low && x <= high)) {
                    return "value " + x + " outside [" + low + ", " + high + "]";
                }
                if (sparse && x == 0) {
                    continue;
                }
                if (kept == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[kept++] = x;
            }
            seen += v.length;
        }
        double mean = 0;
        for (int i = 0; i < kept; i++) {
            mean += values[i];
        }
        mean /= kept;
        double ss = 0;
        for (int i = 0; i < kept; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        double std = Math.sqrt(ss / (kept - 1));
        double expMean = num(expect, "mean", 0);
        double expStd = num(expect, "std", Double.NaN);
        double meanAtol = num(tol, "mean_atol", 0);
        double stdRtol = num(tol, "std_rtol", 0);
        if (!(Math.abs(mean - expMean) <= meanAtol)) {
            return "sample mean " + mean + ", expected " + expMean + " ± " + meanAtol + " (" + kept + " samples)";
        }
        if (!(Math.abs(std - expStd) <= stdRtol * expStd)) {
            return "sample std " + std + ", expected " + expStd + " ± " + stdRtol * expStd + " (" + kept + " samples)";
        }
        return null;
    }

    private static String checkZeroColumns(Tensor t, double[] v, int zerosPerColumn) {
        if (t.dim() != 2) {
            return "sparse: expected a 2-D tensor, got " + Shape.str(t.shape());
        }
        int rows = t.size(0);
        int cols = t.size(1);
        for (int c = 0; c < cols; c++) {
            int zeros = 0;
            for (int r = 0; r < rows; r++) {
                if (v[r * cols + c] == 0) {
                    zeros++;
                }
            }
            if (zeros != zerosPerColumn) {
                return "sparse: column " + c + " has " + zeros + " zeros, expected " + zerosPerColumn;
            }
        }
        return null;
    }

    /** W·Wᵀ = gain²·I (rows ≤ cols) or Wᵀ·W = gain²·I, computed in double precision. */
    private static String orthogonal(OpHandler handler, Map<String, Object> attrs, Map<String, Object> expect, Map<String, Object> tol) {
        Tensor t = init(handler, attrs);
        String r = checkShape(t, attrs);
        if (r != null) {
            return r;
        }
        int rows = (int) num(expect, "rows", t.size(0));
        int cols = (int) num(expect, "cols", t.numel() / Math.max(1, t.size(0)));
        double gain = num(expect, "gain", 1);
        double atol = num(tol, "atol", 0);
        double[] w = t.toDoubleArray();
        if (w.length != rows * cols) {
            return "orthogonal: " + w.length + " values for " + rows + "x" + cols;
        }
        boolean byRows = rows <= cols;
        int n = byRows ? rows : cols;
        int k = byRows ? cols : rows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int m = 0; m < k; m++) {
                    double a = byRows ? w[i * cols + m] : w[m * cols + i];
                    double b = byRows ? w[j * cols + m] : w[m * cols + j];
                    dot += a * b;
                }
                double expected = i == j ? gain * gain : 0;
                if (!(Math.abs(dot - expected) <= atol)) {
                    return "orthogonal: " + (byRows ? "W·Wᵀ" : "Wᵀ·W") + "[" + i + "," + j + "] = " + dot + ", expected " + expected
                            + " ± " + atol;
                }
            }
        }
        return null;
    }

    private static String dropout(OpHandler handler, Map<String, Object> testCase, Map<String, Object> attrs,
            Map<String, Object> expect, String kind) {
        Map<String, Object> inputs = ConformanceRunner.decodeInputs(map(testCase.get("inputs")));
        Tensor input = (Tensor) inputs.get("input");
        Tensor out = output(handler, inputs, attrs);
        if (!Shape.same(out.shape(), input.shape())) {
            return "output shape " + Shape.str(out.shape()) + ", expected " + Shape.str(input.shape());
        }
        double[] x = input.toDoubleArray();
        double[] y = out.toDoubleArray();
        if ("identity".equals(kind)) {
            for (int i = 0; i < y.length; i++) {
                if (y[i] != x[i]) {
                    return "element " + i + " is " + y[i] + ", expected the input " + x[i];
                }
            }
            return null;
        }
        int zeros = 0;
        Object sv = expect.get("survivor_value");
        double survivor = sv == null ? Double.NaN : ConformanceTensors.number(sv);
        double rtol = num(expect, "survivor_rtol", 0);
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 0) {
                zeros++;
            } else if (sv == null || !(Math.abs(y[i] - survivor) <= rtol * Math.abs(survivor))) {
                return "element " + i + " is " + y[i] + ", expected 0 or the survivor value " + sv;
            }
        }
        double fraction = (double) zeros / y.length;
        double expected = num(expect, "zero_fraction", Double.NaN);
        double atol = num(expect, "zero_fraction_atol", 0);
        return Math.abs(fraction - expected) <= atol ? null
                : "zero fraction " + fraction + ", expected " + expected + " ± " + atol;
    }
}
