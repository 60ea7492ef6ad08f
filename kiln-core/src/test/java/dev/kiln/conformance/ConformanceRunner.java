package dev.kiln.conformance;

import dev.kiln.autograd.GradMode;
import dev.kiln.io.Json;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the PyTorch-generated conformance vectors (SCHEMA.md): one dynamic test per case, named by
 * the case id and grouped by suite.
 *
 * <p>A case passes, fails (an assertion error: the build fails), or is unsupported (an aborted
 * test: its op has no handler, or the handler or a tensor op it calls throws
 * {@link UnsupportedOperationException}). After the run it prints one line per suite,
 * {@code suite: N passed, N failed, N unsupported}, and a total.
 *
 * <p>Where the vectors come from: every {@code *.json} in the class-path folder
 * {@code conformance/}, or in the folder named by {@code -Dkiln.conformance.dir=PATH}. Two more
 * system properties narrow the run: {@code -Dkiln.conformance.suite=activations,losses} and
 * {@code -Dkiln.conformance.op=softmax,log_softmax}.
 *
 * <p>How each kind of case runs:
 * <ul>
 *   <li>Suites with a {@link CaseRunner} ({@code optim} → {@code OptimSuite},
 *       {@code lr_schedulers} → {@code LrSchedulerSuite}) hand each whole case to it.</li>
 *   <li>Standard cases (§2): the op's handler gets the decoded inputs and the attrs; each stored
 *       output is compared; then {@code L = Σ_k sum(outputs[k]·grad_outputs[k])} is
 *       back-propagated and the {@code .grad} of every input that requires grad is compared
 *       (list inputs give list grads; no grad at all counts as zeros).</li>
 *   <li>Program cases (§3): the steps run in order over an environment of named tensors;
 *       {@code detach}, {@code backward} (retaining the graph, so a graph may be back-propagated
 *       twice) and {@code zero_grad} are handled here, every other step is looked up in the one
 *       registry that all providers fill.</li>
 *   <li>Expectation cases (§4): initialisers are called again and again (see {@link OpProvider}
 *       for the contract) and checked statistically; dropout by its zero fraction and survivors.</li>
 * </ul>
 */
public class ConformanceRunner {
    /** The providers of op handlers, by simple class name in this package; absent ones are skipped. */
    static final List<String> PROVIDERS = List.of("TensorOps", "ActivationOps", "LossOps", "MetricLossOps", "InitOps",
            "NnLayerOps", "NormalizationOps", "ConvPoolOps");

    /** Suites run case by case by a {@link CaseRunner}, by suite name. */
    static final Map<String, String> CASE_RUNNERS = Map.of("optim", "OptimSuite", "lr_schedulers", "LrSchedulerSuite");

    private static final String PACKAGE = "dev.kiln.conformance.";

    /** Per suite: passed, failed, unsupported. */
    private static final Map<String, int[]> TALLY = new LinkedHashMap<>();
    /** Per suite: op → first reason it was unsupported. */
    private static final Map<String, Map<String, String>> UNSUPPORTED = new LinkedHashMap<>();
    /** Per suite: failed case ids. */
    private static final Map<String, List<String>> FAILED = new LinkedHashMap<>();

    private static Map<String, OpHandler> registry;
    private static final Map<String, CaseRunner> caseRunners = new HashMap<>();
    private static final List<String> notes = new ArrayList<>();
    /** Providers or case runners that exist but could not be loaded: a failure, reported as its own test. */
    private static final List<String> loadErrors = new ArrayList<>();

    /** One container per suite, one test per case. */
    @TestFactory
    Stream<DynamicNode> conformance() {
        Map<String, OpHandler> ops = registry();
        Set<String> suiteFilter = filter("kiln.conformance.suite");
        Set<String> opFilter = filter("kiln.conformance.op");
        List<DynamicNode> suites = new ArrayList<>();
        for (Map.Entry<String, String> file : suiteFiles().entrySet()) {
            Map<String, Object> json = Json.parseObject(file.getValue());
            String suite = json.get("suite") instanceof String s ? s : file.getKey().replaceFirst("\\.json$", "");
            if (suiteFilter != null && !suiteFilter.contains(suite)) {
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Object c : (List<?>) json.get("cases")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> testCase = (Map<String, Object>) c;
                String op = String.valueOf(testCase.get("op"));
                if (opFilter != null && !opFilter.contains(op)) {
                    continue;
                }
                String id = String.valueOf(testCase.get("id"));
                tests.add(DynamicTest.dynamicTest(id, () -> runAndTally(suite, testCase, ops)));
            }
            if (tests.isEmpty() && opFilter != null) {
                continue;
            }
            TALLY.putIfAbsent(suite, new int[3]);
            suites.add(DynamicContainer.dynamicContainer(suite, tests));
        }
        if (!loadErrors.isEmpty()) {
            suites.add(0, DynamicTest.dynamicTest("loading providers", () -> Assertions.fail(String.join("; ", loadErrors))));
        }
        if (suites.isEmpty()) {
            Assertions.fail("no conformance suites found" + (suiteFilter != null ? " matching " + suiteFilter : ""));
        }
        return suites.stream();
    }

    /** Prints {@code suite: N passed, N failed, N unsupported} per suite, the total, and what was unsupported. */
    @AfterAll
    static void printSummary() {
        if (TALLY.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("\n=== Conformance ===\n");
        for (String note : notes) {
            sb.append("note: ").append(note).append('\n');
        }
        for (String error : loadErrors) {
            sb.append("ERROR: ").append(error).append('\n');
        }
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : TALLY.entrySet()) {
            int[] t = e.getValue();
            sb.append(String.format("%s: %d passed, %d failed, %d unsupported%n", e.getKey(), t[0], t[1], t[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += t[i];
            }
        }
        sb.append(String.format("TOTAL: %d passed, %d failed, %d unsupported%n", total[0], total[1], total[2]));
        for (Map.Entry<String, Map<String, String>> e : UNSUPPORTED.entrySet()) {
            Map<String, List<String>> byReason = new TreeMap<>();
            e.getValue().forEach((op, why) -> byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(op));
            sb.append("unsupported in ").append(e.getKey()).append(":");
            byReason.forEach((why, opNames) -> sb.append(" [").append(why).append("] ").append(String.join(", ", opNames)).append(';'));
            sb.append('\n');
        }
        for (Map.Entry<String, List<String>> e : FAILED.entrySet()) {
            sb.append("failed in ").append(e.getKey()).append(": ").append(String.join(", ", e.getValue())).append('\n');
        }
        System.out.print(sb);
        System.out.flush();
    }

    // ------------------------------------------------------------------ loading

    /** Builds the op registry from every provider on the class path (once). */
    static synchronized Map<String, OpHandler> registry() {
        if (registry != null) {
            return registry;
        }
        Map<String, OpHandler> ops = new TreeMap<>();
        for (String name : PROVIDERS) {
            Map<String, OpHandler> mine = new LinkedHashMap<>();
            try {
                Object provider = instantiate(name);
                if (provider == null) {
                    notes.add("provider " + name + " not on the class path");
                    continue;
                }
                ((OpProvider) provider).register(mine);
            } catch (RuntimeException | LinkageError e) {
                loadErrors.add("provider " + name + " failed to load: " + e);
                continue;
            }
            for (String op : mine.keySet()) {
                if (ops.containsKey(op)) {
                    notes.add("op " + op + " registered twice; " + name + "'s handler wins");
                }
            }
            ops.putAll(mine);
        }
        for (Map.Entry<String, String> e : CASE_RUNNERS.entrySet()) {
            Object runner;
            try {
                runner = instantiate(e.getValue());
            } catch (RuntimeException | LinkageError ex) {
                loadErrors.add("case runner " + e.getValue() + " failed to load: " + ex);
                continue;
            }
            if (runner != null) {
                caseRunners.put(e.getKey(), (CaseRunner) runner);
            } else {
                notes.add("case runner " + e.getValue() + " not on the class path");
            }
        }
        registry = Collections.unmodifiableMap(ops);
        return registry;
    }

    private static Object instantiate(String simpleName) {
        Class<?> type;
        try {
            type = Class.forName(PACKAGE + simpleName);
        } catch (ClassNotFoundException e) {
            return null;
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + type.getName() + ": " + e, e);
        }
    }

    private static Set<String> filter(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return null;
        }
        Set<String> s = new TreeSet<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                s.add(part.trim());
            }
        }
        return s;
    }

    /** File name → JSON text of every suite, sorted by file name. */
    static Map<String, String> suiteFiles() {
        String dir = System.getProperty("kiln.conformance.dir");
        try {
            if (dir != null && !dir.isBlank()) {
                return readJsonFiles(Paths.get(dir));
            }
            URL url = ConformanceRunner.class.getClassLoader().getResource("conformance");
            if (url == null) {
                throw new IllegalStateException("no folder 'conformance/' on the test class path");
            }
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return readJsonFiles(fs.provider().getPath(uri));
            }
            return readJsonFiles(Paths.get(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readJsonFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("kiln.conformance.dir: not a folder: " + folder);
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".json") && Files.isRegularFile(p)) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    // ------------------------------------------------------------------ running

    /** Thrown inside the runner to mark a case unsupported. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private static void runAndTally(String suite, Map<String, Object> testCase, Map<String, OpHandler> ops) {
        String op = String.valueOf(testCase.get("op"));
        String id = String.valueOf(testCase.get("id"));
        String failure;
        try (var _ = GradMode.enabled()) {
            failure = runCase(suite, testCase, ops);
        } catch (Unsupported e) {
            markUnsupported(suite, op, e.getMessage());
            Assumptions.abort("unsupported: " + e.getMessage());
            return;
        } catch (UnsupportedOperationException e) {
            markUnsupported(suite, op, "UnsupportedOperationException: " + e.getMessage());
            Assumptions.abort("unsupported: " + e);
            return;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            TALLY.get(suite)[1]++;
            FAILED.computeIfAbsent(suite, k -> new ArrayList<>()).add(id);
            throw new AssertionError(id + ": " + e, e);
        }
        if (failure != null) {
            TALLY.get(suite)[1]++;
            FAILED.computeIfAbsent(suite, k -> new ArrayList<>()).add(id);
            Assertions.fail(id + ": " + failure);
        }
        TALLY.get(suite)[0]++;
    }

    private static void markUnsupported(String suite, String op, String why) {
        TALLY.get(suite)[2]++;
        UNSUPPORTED.computeIfAbsent(suite, k -> new TreeMap<>()).putIfAbsent(op, why);
    }

    /** Runs one case; returns null when it passed, else the first mismatch. */
    static String runCase(String suite, Map<String, Object> testCase, Map<String, OpHandler> ops) {
        String op = String.valueOf(testCase.get("op"));
        if (CASE_RUNNERS.containsKey(suite)) {
            CaseRunner runner = caseRunners.get(suite);
            if (runner == null) {
                throw new Unsupported("no " + CASE_RUNNERS.get(suite));
            }
            return runner.run(testCase);
        }
        if ("program".equals(op)) {
            return ProgramCase.run(testCase, ops);
        }
        OpHandler handler = ops.get(op);
        if (handler == null) {
            throw new Unsupported("no handler");
        }
        if (testCase.containsKey("expect")) {
            return ExpectCase.run(testCase, handler);
        }
        return runStandard(testCase, handler);
    }

    /** §2: forward, compare outputs, back-propagate Σ sum(out·grad_out), compare input grads. */
    private static String runStandard(Map<String, Object> testCase, OpHandler handler) {
        double[] tol = tolerance(testCase);
        Map<String, Object> inputs = decodeInputs(map(testCase.get("inputs")));
        Map<String, Tensor> outputs = handler.run(inputs, attrs(testCase));
        if (outputs == null) {
            return "the handler returned no outputs";
        }
        String r = compareOutputs(map(testCase.get("outputs")), outputs::get, tol);
        if (r != null) {
            return r;
        }
        Map<String, Object> expectedGrads = map(testCase.get("grads"));
        if (expectedGrads.isEmpty()) {
            return null;
        }
        backpropagate(map(testCase.get("grad_outputs")), outputs::get);
        return compareGrads(expectedGrads, inputs, tol);
    }

    // ------------------------------------------------------------------ shared pieces

    /** Compares every stored output with the produced one. */
    static String compareOutputs(Map<String, Object> expected, java.util.function.Function<String, Tensor> actual, double[] tol) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Tensor a = actual.apply(e.getKey());
            if (a == null) {
                return "output " + e.getKey() + ": not produced";
            }
            String r = ConformanceTensors.compare("output " + e.getKey(), a, map(e.getValue()), tol[0], tol[1]);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Back-propagates {@code L = Σ_k sum(outputs[k]·grad_outputs[k])}. */
    static void backpropagate(Map<String, Object> gradOutputs, java.util.function.Function<String, Tensor> outputs) {
        Tensor loss = null;
        for (Map.Entry<String, Object> e : gradOutputs.entrySet()) {
            Tensor out = outputs.apply(e.getKey());
            if (out == null) {
                throw new AssertionError("grad_outputs names " + e.getKey() + ", which the op did not produce");
            }
            Tensor go = ConformanceTensors.decode(map(e.getValue()));
            if (out.dtype().isFloatingPoint()) {
                go = go.to(out.dtype());
            }
            Tensor term = out.mul(go).sum();
            loss = loss == null ? term : loss.add(term);
        }
        if (loss != null && loss.requiresGrad()) {
            loss.backward();
        }
    }

    /** Compares each input's {@code .grad} with {@code grads} (a list entry for a list input). */
    static String compareGrads(Map<String, Object> expectedGrads, Map<String, Object> inputs, double[] tol) {
        for (Map.Entry<String, Object> e : expectedGrads.entrySet()) {
            String name = e.getKey();
            Object input = inputs.get(name);
            if (input == null) {
                return "grads names " + name + ", which is not an input";
            }
            if (e.getValue() instanceof List<?> list) {
                List<?> tensors = (List<?>) input;
                for (int i = 0; i < list.size(); i++) {
                    String r = compareGrad("grad " + name + "[" + i + "]", (Tensor) tensors.get(i), list.get(i), tol);
                    if (r != null) {
                        return r;
                    }
                }
            } else {
                String r = compareGrad("grad " + name, (Tensor) input, e.getValue(), tol);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Compares one leaf's gradient. An expected {@code null} (§3: no gradient reached the leaf)
     * accepts no grad or zeros; a missing actual grad counts as zeros.
     */
    static String compareGrad(String what, Tensor leaf, Object expected, double[] tol) {
        Tensor grad = leaf.grad();
        if (expected == null) {
            if (grad == null) {
                return null;
            }
            for (double v : grad.toDoubleArray()) {
                if (v != 0) {
                    return what + ": expected no gradient (null), got " + grad;
                }
            }
            return null;
        }
        if (grad == null) {
            grad = Tensor.zeros(leaf.dtype(), leaf.shape());
        }
        return ConformanceTensors.compare(what, grad, map(expected), tol[0], tol[1]);
    }

    /** Decodes each input: a tensor, or a list of tensors. */
    static Map<String, Object> decodeInputs(Map<String, Object> json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getValue() instanceof List<?> list) {
                List<Tensor> ts = new ArrayList<>(list.size());
                for (Object o : list) {
                    ts.add(ConformanceTensors.decode(map(o)));
                }
                out.put(e.getKey(), ts);
            } else {
                out.put(e.getKey(), ConformanceTensors.decode(map(e.getValue())));
            }
        }
        return out;
    }

    /** {rtol, atol} from the case's tolerance (0 where absent). */
    static double[] tolerance(Map<String, Object> testCase) {
        Map<String, Object> t = map(testCase.get("tolerance"));
        return new double[] {t.get("rtol") == null ? 0 : ConformanceTensors.number(t.get("rtol")),
            t.get("atol") == null ? 0 : ConformanceTensors.number(t.get("atol"))};
    }

    static Map<String, Object> attrs(Map<String, Object> json) {
        return map(json.get("attrs"));
    }

    /** A JSON object (an empty map for null). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return json == null ? Map.of() : (Map<String, Object>) json;
    }

    static String shapeOf(Tensor t) {
        return t.dtype() + Shape.str(t.shape());
    }

    static boolean isFloat(Tensor t) {
        return t.dtype() == DType.FLOAT32 || t.dtype() == DType.FLOAT64;
    }
}
