package dev.kiln.nn.functional;

import dev.kiln.conformance.ConformanceTensors;
import dev.kiln.conformance.OpHandler;
import dev.kiln.conformance.OpProvider;
import dev.kiln.io.Json;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the standard forward/backward cases of one conformance file through one provider
 * (SCHEMA.md §2: the gradients are those of L = Σₖ sum(outₖ·grad_outₖ)).
 */
final class SuiteRunner {
    /** Counts and the failure messages of one run. */
    record Result(int passed, int failed, int unsupported, List<String> failures) {
        String summary() {
            return passed + " passed, " + failed + " failed, " + unsupported + " unsupported";
        }
    }

    private SuiteRunner() {
    }

    @SuppressWarnings("unchecked")
    static Result run(String resource, OpProvider provider) throws IOException {
        Map<String, OpHandler> ops = new LinkedHashMap<>();
        provider.register(ops);
        Map<String, Object> file;
        try (InputStream in = SuiteRunner.class.getResourceAsStream("/conformance/" + resource)) {
            file = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        int passed = 0;
        int failed = 0;
        int unsupported = 0;
        List<String> failures = new ArrayList<>();
        for (Object o : (List<Object>) file.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String id = (String) c.get("id");
            OpHandler h = ops.get((String) c.get("op"));
            if (h == null) {
                unsupported++;
                failures.add(id + ": unsupported op");
                continue;
            }
            String err;
            try {
                err = runCase(c, h);
            } catch (UnsupportedOperationException e) {
                unsupported++;
                failures.add(id + ": unsupported (" + e.getMessage() + ")");
                continue;
            } catch (RuntimeException e) {
                err = e.toString();
            }
            if (err == null) {
                passed++;
            } else {
                failed++;
                failures.add(id + ": " + err);
            }
        }
        return new Result(passed, failed, unsupported, failures);
    }

    @SuppressWarnings("unchecked")
    private static String runCase(Map<String, Object> c, OpHandler h) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("inputs")).entrySet()) {
            Tensor t = ConformanceTensors.decode((Map<String, Object>) e.getValue());
            inputs.put(e.getKey(), t);
            leaves.put(e.getKey(), t);
        }
        Map<String, Object> attrs = (Map<String, Object>) c.getOrDefault("attrs", Map.of());
        Map<String, Tensor> out = h.run(inputs, attrs);
        Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("outputs")).entrySet()) {
            String err = ConformanceTensors.compare("output " + e.getKey(), out.get(e.getKey()),
                    (Map<String, Object>) e.getValue(), rtol, atol);
            if (err != null) {
                return err;
            }
        }
        Map<String, Object> gradOutputs = (Map<String, Object>) c.get("grad_outputs");
        Map<String, Object> grads = (Map<String, Object>) c.get("grads");
        if (gradOutputs == null || grads == null || grads.isEmpty()) {
            return null;
        }
        Tensor loss = null;
        for (Map.Entry<String, Object> e : gradOutputs.entrySet()) {
            Tensor g = ConformanceTensors.decode((Map<String, Object>) e.getValue());
            Tensor term = out.get(e.getKey()).mul(g).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Tensor leaf = leaves.get(e.getKey());
            Tensor g = leaf.grad() == null ? leaf.zerosLike() : leaf.grad();
            String err = ConformanceTensors.compare("grad " + e.getKey(), g, (Map<String, Object>) e.getValue(), rtol, atol);
            if (err != null) {
                return err;
            }
        }
        return null;
    }
}
