package dev.kiln.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.io.Json;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code init.json} and {@code nn_layers.json} against {@link InitOps} and {@link NnLayerOps}
 * until the shared conformance runner lands: standard cases as SCHEMA.md §2 (forward values, then
 * the gradients of L = Σ_k sum(out_k·grad_out_k)), {@code expect} cases as §4.1 (statistical and
 * exact init checks) and §4.2 (dropout). Prints "N passed, N failed, N unsupported" per suite.
 */
class NnModulesConformanceTest {

    @Test
    void initSuite() {
        assertAllPass("init.json", new InitOps());
    }

    @Test
    void nnLayersSuite() {
        assertAllPass("nn_layers.json", new NnLayerOps());
    }

    private static void assertAllPass(String file, OpProvider provider) {
        Map<String, OpHandler> ops = new HashMap<>();
        provider.register(ops);
        Map<String, Object> suite = load(file);
        int passed = 0;
        List<String> failures = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (Object o : (List<?>) suite.get("cases")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) o;
            String id = (String) c.get("id");
            OpHandler h = ops.get((String) c.get("op"));
            if (h == null) {
                unsupported.add(id);
                continue;
            }
            String error;
            try {
                error = c.containsKey("expect") ? runExpect(h, c) : runStandard(h, c);
            } catch (UnsupportedOperationException e) {
                unsupported.add(id + " (" + e.getMessage() + ")");
                continue;
            } catch (RuntimeException e) {
                error = e.toString();
            }
            if (error == null) {
                passed++;
            } else {
                failures.add(id + ": " + error);
            }
        }
        System.out.println(file + ": " + passed + " passed, " + failures.size() + " failed, " + unsupported.size() + " unsupported");
        failures.forEach(f -> System.out.println("  FAILED " + f));
        unsupported.forEach(u -> System.out.println("  UNSUPPORTED " + u));
        assertEquals(List.of(), failures, file + " failures");
        assertEquals(List.of(), unsupported, file + " unsupported");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) {
        try (InputStream in = NnModulesConformanceTest.class.getResourceAsStream("/conformance/" + file)) {
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Map<String, Object> decodeInputs(Map<String, Object> c) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        map(c.get("inputs")).forEach((k, v) -> inputs.put(k, ConformanceTensors.decode(map(v))));
        return inputs;
    }

    private static String runStandard(OpHandler h, Map<String, Object> c) {
        Map<String, Object> inputs = decodeInputs(c);
        Map<String, Object> tol = map(c.get("tolerance"));
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        Map<String, Tensor> outs = h.run(inputs, map(c.get("attrs")));
        for (Map.Entry<String, Object> e : map(c.get("outputs")).entrySet()) {
            String err = ConformanceTensors.compare("output " + e.getKey(), outs.get(e.getKey()), map(e.getValue()), rtol, atol);
            if (err != null) {
                return err;
            }
        }
        Map<String, Object> grads = map(c.get("grads"));
        if (grads.isEmpty()) {
            return null;
        }
        Tensor loss = null;
        for (Map.Entry<String, Object> e : map(c.get("grad_outputs")).entrySet()) {
            Tensor term = outs.get(e.getKey()).mul(ConformanceTensors.decode(map(e.getValue()))).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Tensor x = (Tensor) inputs.get(e.getKey());
            Tensor g = x.grad() != null ? x.grad() : x.zerosLike();
            String err = ConformanceTensors.compare("grad " + e.getKey(), g, map(e.getValue()), rtol, atol);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String runExpect(OpHandler h, Map<String, Object> c) {
        Map<String, Object> expect = map(c.get("expect"));
        Map<String, Object> attrs = map(c.get("attrs"));
        Map<String, Object> tol = map(c.get("tolerance"));
        String kind = (String) expect.get("kind");
        switch (kind) {
            case "scalar" -> {
                double v = h.run(Map.of(), attrs).get("output").item();
                double e = ConformanceTensors.number(expect.get("value"));
                double bound = ConformanceTensors.number(tol.get("atol")) + ConformanceTensors.number(tol.get("rtol")) * Math.abs(e);
                return Math.abs(v - e) <= bound ? null : "value " + v + ", expected " + e;
            }
            case "fans" -> {
                Map<String, Tensor> r = h.run(Map.of(), attrs);
                long fi = (long) r.get("fan_in").item();
                long fo = (long) r.get("fan_out").item();
                long ei = ((Number) expect.get("fan_in")).longValue();
                long eo = ((Number) expect.get("fan_out")).longValue();
                return fi == ei && fo == eo ? null : "fans (" + fi + ", " + fo + "), expected (" + ei + ", " + eo + ")";
            }
            case "exact" -> {
                return ConformanceTensors.compare("output", h.run(Map.of(), attrs).get("output"), map(expect.get("tensor")), 0, 0);
            }
            case "orthogonal" -> {
                return checkOrthogonal(h.run(Map.of(), attrs).get("output"), expect, tol);
            }
            case "uniform", "normal", "truncated_normal", "sparse" -> {
                return checkStatistics(h, attrs, expect, tol, kind.equals("sparse"));
            }
            case "dropout", "identity" -> {
                return checkDropout(h, c, expect);
            }
            default -> throw new UnsupportedOperationException("expect kind " + kind);
        }
    }

    private static String checkOrthogonal(Tensor w, Map<String, Object> expect, Map<String, Object> tol) {
        int rows = ((Number) expect.get("rows")).intValue();
        int cols = ((Number) expect.get("cols")).intValue();
        double gain = ConformanceTensors.number(expect.get("gain"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        double[] a = w.toDoubleArray();
        if (a.length != rows * cols) {
            return "has " + a.length + " elements, expected " + rows + "x" + cols;
        }
        boolean wide = rows <= cols;
        int n = wide ? rows : cols;
        int k = wide ? cols : rows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += wide ? a[i * cols + t] * a[j * cols + t] : a[t * cols + i] * a[t * cols + j];
                }
                double e = i == j ? gain * gain : 0;
                if (Math.abs(s - e) > atol) {
                    return "Gram matrix element (" + i + ", " + j + ") is " + s + ", expected " + e;
                }
            }
        }
        return null;
    }

    private static String checkStatistics(OpHandler h, Map<String, Object> attrs, Map<String, Object> expect,
            Map<String, Object> tol, boolean sparse) {
        int minSamples = ((Number) tol.get("min_samples")).intValue();
        Double low = expect.containsKey("low") ? ConformanceTensors.number(expect.get("low")) : null;
        Double high = expect.containsKey("high") ? ConformanceTensors.number(expect.get("high")) : null;
        int collected = 0;
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        while (collected < minSamples) {
            Tensor t = h.run(Map.of(), attrs).get("output");
            double[] v = t.toDoubleArray();
            collected += v.length;
            if (sparse) {
                int rows = t.size(0);
                int cols = t.size(1);
                int zerosPerColumn = ((Number) expect.get("zeros_per_column")).intValue();
                for (int c = 0; c < cols; c++) {
                    int zeros = 0;
                    for (int r = 0; r < rows; r++) {
                        zeros += v[r * cols + c] == 0 ? 1 : 0;
                    }
                    if (zeros != zerosPerColumn) {
                        return "column " + c + " has " + zeros + " zeros, expected " + zerosPerColumn;
                    }
                }
            }
            for (double x : v) {
                if (sparse && x == 0) {
                    continue;
                }
                if ((low != null && x < low) || (high != null && x > high)) {
                    return "value " + x + " outside [" + low + ", " + high + "]";
                }
                sum += x;
                sumSq += x * x;
                count++;
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(Math.max(0, (sumSq - count * mean * mean) / (count - 1)));
        double eMean = ConformanceTensors.number(expect.get("mean"));
        double eStd = ConformanceTensors.number(expect.get("std"));
        if (Math.abs(mean - eMean) > ConformanceTensors.number(tol.get("mean_atol"))) {
            return "sample mean " + mean + ", expected " + eMean + " ± " + tol.get("mean_atol");
        }
        if (Math.abs(std - eStd) > ConformanceTensors.number(tol.get("std_rtol")) * eStd) {
            return "sample std " + std + ", expected " + eStd + " (rtol " + tol.get("std_rtol") + ")";
        }
        return null;
    }

    private static String checkDropout(OpHandler h, Map<String, Object> c, Map<String, Object> expect) {
        Map<String, Object> inputs = decodeInputs(c);
        Tensor input = (Tensor) inputs.get("input");
        double[] x = input.toDoubleArray();
        double[] y = h.run(inputs, map(c.get("attrs"))).get("output").toDoubleArray();
        if (y.length != x.length) {
            return "output has " + y.length + " elements, expected " + x.length;
        }
        if (expect.get("kind").equals("identity")) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] != y[i]) {
                    return "element " + i + " is " + y[i] + ", expected the input " + x[i];
                }
            }
            return null;
        }
        int zeros = 0;
        Object sv = expect.get("survivor_value");
        double rtol = ConformanceTensors.number(expect.get("survivor_rtol"));
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else if (sv == null) {
                return "non-zero " + v + " where every element should be dropped";
            } else {
                double e = ConformanceTensors.number(sv);
                if (Math.abs(v - e) > rtol * Math.abs(e)) {
                    return "survivor " + v + ", expected " + e;
                }
            }
        }
        double fraction = (double) zeros / y.length;
        double ef = ConformanceTensors.number(expect.get("zero_fraction"));
        double atol = ConformanceTensors.number(expect.get("zero_fraction_atol"));
        return Math.abs(fraction - ef) <= atol ? null : "zero fraction " + fraction + ", expected " + ef + " ± " + atol;
    }
}
