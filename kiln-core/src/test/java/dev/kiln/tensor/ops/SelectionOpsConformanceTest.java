package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.conformance.ConformanceTensors;
import dev.kiln.io.Json;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs the tensor_ops.json conformance cases of the max/min, statistics, cumulative, join and
 * indexing ops (SCHEMA.md §2 and §7.1): outputs, and the gradients of
 * {@code L = Σ_k sum(out_k · grad_out_k)}.
 */
class SelectionOpsConformanceTest {
    private static final Set<String> OPS = Set.of("max", "min", "argmax", "argmin", "amax", "amin", "cat", "stack",
            "index_select", "gather", "where", "logsumexp", "var", "std", "norm", "cumsum", "one_hot");

    @Test
    @SuppressWarnings("unchecked")
    void tensorOpsCasesMatchPyTorch() throws IOException {
        Map<String, Object> file;
        try (InputStream in = getClass().getResourceAsStream("/conformance/tensor_ops.json")) {
            assertNotNull(in, "tensor_ops.json is on the test classpath");
            file = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> failures = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Object o : (List<Object>) file.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String op = (String) c.get("op");
            if (!OPS.contains(op)) {
                continue;
            }
            seen.merge(op, 1, Integer::sum);
            String id = (String) c.get("id");
            try {
                String err = runCase(c);
                if (err != null) {
                    failures.add(id + ": " + err);
                }
            } catch (RuntimeException e) {
                failures.add(id + ": " + e);
            }
        }
        assertEquals(OPS.size(), seen.size(), "every op has cases: " + seen);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @SuppressWarnings("unchecked")
    private static String runCase(Map<String, Object> c) {
        String op = (String) c.get("op");
        Map<String, Object> attrs = (Map<String, Object>) c.get("attrs");
        Map<String, Object> inputsJson = (Map<String, Object>) c.get("inputs");
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : inputsJson.entrySet()) {
            if (e.getValue() instanceof List<?> list) {
                List<Tensor> ts = new ArrayList<>();
                for (Object t : list) {
                    ts.add(ConformanceTensors.decode((Map<String, Object>) t));
                }
                inputs.put(e.getKey(), ts);
            } else {
                inputs.put(e.getKey(), ConformanceTensors.decode((Map<String, Object>) e.getValue()));
            }
        }
        Map<String, Tensor> outs = run(op, inputs, attrs);
        Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        Map<String, Object> expected = (Map<String, Object>) c.get("outputs");
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Tensor actual = outs.get(e.getKey());
            if (actual == null) {
                return "missing output " + e.getKey();
            }
            String err = ConformanceTensors.compare(e.getKey(), actual, (Map<String, Object>) e.getValue(), rtol, atol);
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
            Tensor g = ConformanceTensors.decode((Map<String, Object>) e.getValue());
            Tensor term = outs.get(e.getKey()).mul(g).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Object in = inputs.get(e.getKey());
            if (in instanceof List<?> list) {
                List<Object> exp = (List<Object>) e.getValue();
                for (int i = 0; i < list.size(); i++) {
                    Tensor t = (Tensor) list.get(i);
                    String err = ConformanceTensors.compare("grad " + e.getKey() + "[" + i + "]", gradOf(t),
                            (Map<String, Object>) exp.get(i), rtol, atol);
                    if (err != null) {
                        return err;
                    }
                }
            } else {
                Tensor t = (Tensor) in;
                String err = ConformanceTensors.compare("grad " + e.getKey(), gradOf(t), (Map<String, Object>) e.getValue(),
                        rtol, atol);
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    private static Tensor gradOf(Tensor t) {
        return t.grad() == null ? t.zerosLike() : t.grad();
    }

    private static int[] dims(Object dim) {
        return dim == null ? null : ConformanceTensors.toIntArray(dim);
    }

    private static boolean bool(Map<String, Object> attrs, String key) {
        return Boolean.TRUE.equals(attrs.get(key));
    }

    private static int integer(Map<String, Object> attrs, String key) {
        return (int) ConformanceTensors.number(attrs.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> run(String op, Map<String, Object> in, Map<String, Object> attrs) {
        Tensor x = in.get("input") instanceof Tensor t ? t : null;
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (op) {
            case "max", "min" -> {
                boolean max = op.equals("max");
                if (attrs.get("dim") == null) {
                    out.put("output", max ? x.max() : x.min());
                } else {
                    int d = integer(attrs, "dim");
                    ValuesIndices vi = max ? x.max(d, bool(attrs, "keepdim")) : x.min(d, bool(attrs, "keepdim"));
                    out.put("values", vi.values());
                    out.put("indices", vi.indices());
                }
            }
            case "argmax", "argmin" -> {
                Integer d = attrs.get("dim") == null ? null : integer(attrs, "dim");
                boolean keep = bool(attrs, "keepdim");
                out.put("output", op.equals("argmax") ? MaxMin.argmax(x, d, keep) : MaxMin.argmin(x, d, keep));
            }
            case "amax" -> out.put("output", x.amax(dims(attrs.get("dim")), bool(attrs, "keepdim")));
            case "amin" -> out.put("output", x.amin(dims(attrs.get("dim")), bool(attrs, "keepdim")));
            case "cat" -> out.put("output", Tensor.cat((List<Tensor>) in.get("tensors"), integer(attrs, "dim")));
            case "stack" -> out.put("output", Tensor.stack((List<Tensor>) in.get("tensors"), integer(attrs, "dim")));
            case "index_select" -> out.put("output", x.indexSelect(integer(attrs, "dim"), (Tensor) in.get("index")));
            case "gather" -> out.put("output", x.gather(integer(attrs, "dim"), (Tensor) in.get("index")));
            case "where" -> out.put("output", Tensor.where((Tensor) in.get("condition"), x, (Tensor) in.get("other")));
            case "logsumexp" -> out.put("output", x.logsumexp(dims(attrs.get("dim")), bool(attrs, "keepdim")));
            case "var" -> out.put("output", x.var(dims(attrs.get("dim")), bool(attrs, "unbiased") ? 1 : 0, bool(attrs, "keepdim")));
            case "std" -> out.put("output", x.std(dims(attrs.get("dim")), bool(attrs, "unbiased") ? 1 : 0, bool(attrs, "keepdim")));
            case "norm" -> {
                Object p = attrs.get("p");
                double pv = "inf".equals(p) ? Double.POSITIVE_INFINITY : ConformanceTensors.number(p);
                out.put("output", x.norm(pv, dims(attrs.get("dim")), bool(attrs, "keepdim")));
            }
            case "cumsum" -> out.put("output", x.cumsum(integer(attrs, "dim")));
            case "one_hot" -> out.put("output", Tensor.oneHot(x, integer(attrs, "num_classes")));
            default -> throw new IllegalArgumentException("no handler for " + op);
        }
        return out;
    }
}
