package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.conformance.ConformanceTensors;
import dev.kiln.conformance.ConvPoolOps;
import dev.kiln.conformance.NormalizationOps;
import dev.kiln.conformance.OpHandler;
import dev.kiln.conformance.OpProvider;
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
 * Runs normalization.json and conv_pool.json through {@link NormalizationOps} and
 * {@link ConvPoolOps}: outputs and, with L = Σ_k sum(out_k · grad_out_k), input gradients
 * (SCHEMA.md §2). A stand-in until the shared conformance runner lands.
 */
class ConvNormConformanceTest {

    @Test
    void normalizationSuite() throws IOException {
        runSuite("normalization.json", new NormalizationOps());
    }

    @Test
    void convPoolSuite() throws IOException {
        runSuite("conv_pool.json", new ConvPoolOps());
    }

    @SuppressWarnings("unchecked")
    private static void runSuite(String file, OpProvider provider) throws IOException {
        Map<String, OpHandler> ops = new HashMap<>();
        provider.register(ops);
        String text;
        try (InputStream in = ConvNormConformanceTest.class.getResourceAsStream("/conformance/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> suite = Json.parseObject(text);
        List<Map<String, Object>> cases = (List<Map<String, Object>>) suite.get("cases");
        int passed = 0, unsupported = 0;
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            OpHandler h = ops.get((String) c.get("op"));
            if (h == null) {
                unsupported++;
                failures.add(c.get("id") + ": unsupported");
                continue;
            }
            String err;
            try {
                err = runCase(h, c);
            } catch (RuntimeException e) {
                err = e.toString();
            }
            if (err == null) {
                passed++;
            } else {
                failures.add(c.get("id") + ": " + err);
            }
        }
        System.out.println(file + ": " + passed + " passed, " + (cases.size() - passed - unsupported) + " failed, "
                + unsupported + " unsupported");
        failures.forEach(f -> System.out.println("  " + f));
        assertEquals(List.of(), failures, file);
    }

    @SuppressWarnings("unchecked")
    private static String runCase(OpHandler h, Map<String, Object> c) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("inputs")).entrySet()) {
            inputs.put(e.getKey(), ConformanceTensors.decode((Map<String, Object>) e.getValue()));
        }
        Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        Map<String, Tensor> out = h.run(inputs, (Map<String, Object>) c.get("attrs"));
        Map<String, Object> expected = (Map<String, Object>) c.get("outputs");
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String err = ConformanceTensors.compare(e.getKey(), out.get(e.getKey()), (Map<String, Object>) e.getValue(),
                    rtol, atol);
            if (err != null) {
                return err;
            }
        }
        Map<String, Object> gradOuts = (Map<String, Object>) c.get("grad_outputs");
        Map<String, Object> grads = (Map<String, Object>) c.get("grads");
        if (gradOuts == null || grads == null || grads.isEmpty()) {
            return null;
        }
        Tensor loss = null;
        for (Map.Entry<String, Object> e : gradOuts.entrySet()) {
            Tensor term = out.get(e.getKey()).mul(ConformanceTensors.decode((Map<String, Object>) e.getValue())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Tensor in = (Tensor) inputs.get(e.getKey());
            String err = ConformanceTensors.compare("grad " + e.getKey(), in.grad(), (Map<String, Object>) e.getValue(),
                    rtol, atol);
            if (err != null) {
                return err;
            }
        }
        return null;
    }
}
