package dev.kiln.conformance;

import static dev.kiln.conformance.ConformanceRunner.map;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a program case (SCHEMA.md §3): ordered steps over an environment of named tensors that
 * starts with the case's inputs (the leaves).
 *
 * <p>{@code detach}, {@code backward} and {@code zero_grad} are built in; every other step runs
 * the op of that name from the registry, with the step's inputs (variable names) resolved in the
 * environment, and stores its {@code "output"} under the step's {@code output}. A {@code backward}
 * step retains the graph, because a program may back-propagate the same graph twice.
 *
 * <p>Gradients: with backward steps, {@code grads[name]} is the leaf's accumulated {@code .grad}
 * at the end ({@code null}: none, or zeros); without, the program is treated as one op whose
 * outputs are the listed {@code outputs} and the §2 rule applies with {@code grad_outputs}.
 */
final class ProgramCase {
    private ProgramCase() {
    }

    static String run(Map<String, Object> testCase, Map<String, OpHandler> ops) {
        double[] tol = ConformanceRunner.tolerance(testCase);
        Map<String, Object> leaves = ConformanceRunner.decodeInputs(map(testCase.get("inputs")));
        Map<String, Object> env = new HashMap<>(leaves);
        boolean hasBackward = false;
        List<?> steps = (List<?>) testCase.get("program");
        if (steps == null) {
            return "program case without a 'program'";
        }
        for (int s = 0; s < steps.size(); s++) {
            Map<String, Object> step = map(steps.get(s));
            String op = String.valueOf(step.get("op"));
            Map<String, Object> names = map(step.get("inputs"));
            switch (op) {
                case "detach" -> env.put((String) step.get("output"), tensor(env, names.get("input"), s, op).detach());
                case "backward" -> {
                    hasBackward = true;
                    Tensor root = tensor(env, names.get("tensor"), s, op);
                    Tensor gradient = names.get("gradient") == null ? null : tensor(env, names.get("gradient"), s, op);
                    if (gradient == null && root.numel() != 1) {
                        return "step " + s + ": backward from a non-scalar without a gradient";
                    }
                    root.backward(gradient, true);
                }
                case "zero_grad" -> {
                    for (Object leaf : leaves.values()) {
                        if (leaf instanceof Tensor t && t.requiresGrad()) {
                            t.setGrad(null);
                        }
                    }
                }
                default -> {
                    OpHandler handler = ops.get(op);
                    if (handler == null) {
                        throw new ConformanceRunner.Unsupported("no handler for program step '" + op + "'");
                    }
                    Map<String, Object> inputs = new LinkedHashMap<>();
                    for (Map.Entry<String, Object> e : names.entrySet()) {
                        inputs.put(e.getKey(), resolve(env, e.getValue(), s, op));
                    }
                    Map<String, Tensor> result = handler.run(inputs, map(step.get("attrs")));
                    Tensor out = result == null ? null : result.get("output");
                    if (out == null && result != null && result.size() == 1) {
                        out = result.values().iterator().next();
                    }
                    if (out == null) {
                        return "step " + s + " (" + op + "): no 'output' produced";
                    }
                    env.put((String) step.get("output"), out);
                }
            }
        }
        String r = ConformanceRunner.compareOutputs(map(testCase.get("outputs")), name -> (Tensor) env.get(name), tol);
        if (r != null) {
            return r;
        }
        Map<String, Object> grads = map(testCase.get("grads"));
        if (grads.isEmpty()) {
            return null;
        }
        if (!hasBackward) {
            ConformanceRunner.backpropagate(map(testCase.get("grad_outputs")), name -> (Tensor) env.get(name));
        }
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            if (!(leaves.get(e.getKey()) instanceof Tensor leaf)) {
                return "grads names " + e.getKey() + ", which is not a tensor input";
            }
            r = ConformanceRunner.compareGrad("grad " + e.getKey(), leaf, e.getValue(), tol);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Object resolve(Map<String, Object> env, Object name, int step, String op) {
        if (name instanceof List<?> list) {
            List<Tensor> ts = new ArrayList<>(list.size());
            for (Object n : list) {
                ts.add(tensor(env, n, step, op));
            }
            return ts;
        }
        return env.get(checkDefined(env, name, step, op));
    }

    private static Tensor tensor(Map<String, Object> env, Object name, int step, String op) {
        Object v = env.get(checkDefined(env, name, step, op));
        if (!(v instanceof Tensor t)) {
            throw new IllegalStateException("step " + step + " (" + op + "): variable " + name + " is not a tensor");
        }
        return t;
    }

    private static String checkDefined(Map<String, Object> env, Object name, int step, String op) {
        String n = String.valueOf(name);
        if (!env.containsKey(n)) {
            throw new IllegalStateException("step " + step + " (" + op + "): variable " + n + " is not defined");
        }
        return n;
    }
}
