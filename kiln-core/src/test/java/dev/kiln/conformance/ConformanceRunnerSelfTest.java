package dev.kiln.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Json;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner itself: it must pass correct handlers and catch wrong ones, so that a green run means something. */
class ConformanceRunnerSelfTest {
    private static final String ADD_CASE = """
            {"id": "add/2", "op": "add", "attrs": {"alpha": 2},
             "inputs": {"input": {"shape": [2], "dtype": "float32", "data": [1.0, 2.0], "requires_grad": true},
                        "other": {"shape": [1], "dtype": "float32", "data": [3.0], "requires_grad": true}},
             "outputs": {"output": {"shape": [2], "dtype": "float32", "data": [7.0, 8.0]}},
             "grad_outputs": {"output": {"shape": [2], "dtype": "float32", "data": [0.5, -1.0]}},
             "grads": {"input": {"shape": [2], "dtype": "float32", "data": [0.5, -1.0]},
                       "other": {"shape": [1], "dtype": "float32", "data": [-1.0]}},
             "tolerance": {"rtol": 1e-6, "atol": 1e-7}}""";

    private static Map<String, Object> parse(String json) {
        return Json.parseObject(json);
    }

    private static Map<String, OpHandler> ops(String name, OpHandler h) {
        Map<String, OpHandler> ops = new HashMap<>();
        new TensorOps().register(ops);
        ops.put(name, h);
        return ops;
    }

    @Test
    void standardCasePassesWithTheRealOpAndCatchesWrongValuesAndGrads() {
        Map<String, OpHandler> real = ops("unused", null);
        assertNull(ConformanceRunner.runCase("t", parse(ADD_CASE), real));

        String r = ConformanceRunner.runCase("t", parse(ADD_CASE), ops("add",
                (in, at) -> Map.of("output", ((Tensor) in.get("input")).add((Tensor) in.get("other"), 2.001))));
        assertTrue(r != null && r.startsWith("output output: element 0"), r);

        // Right values, but the gradient does not flow to 'other': its grad counts as zeros and fails.
        r = ConformanceRunner.runCase("t", parse(ADD_CASE), ops("add",
                (in, at) -> Map.of("output", ((Tensor) in.get("input")).add(((Tensor) in.get("other")).detach(), 2))));
        assertTrue(r != null && r.startsWith("grad other: element 0 is 0.0"), r);

        r = ConformanceRunner.runCase("t", parse(ADD_CASE), ops("add",
                (in, at) -> Map.of("output", ((Tensor) in.get("input")).add((Tensor) in.get("other"), 2).unsqueeze(0))));
        assertTrue(r != null && r.contains("shape [1, 2], expected [2]"), r);
    }

    @Test
    void missingHandlerOrUnsupportedOpIsUnsupported() {
        Map<String, Object> c = parse(ADD_CASE.replace("\"op\": \"add\"", "\"op\": \"no_such_op\""));
        assertThrows(ConformanceRunner.Unsupported.class, () -> ConformanceRunner.runCase("t", c, Map.of()));
        assertThrows(UnsupportedOperationException.class, () -> ConformanceRunner.runCase("t", parse(ADD_CASE),
                ops("add", (in, at) -> {
                    throw new UnsupportedOperationException("add");
                })));
    }

    @Test
    void programWithTwoBackwardCallsAccumulates() {
        String program = """
                {"id": "p", "op": "program", "attrs": {},
                 "inputs": {"x": {"shape": [2], "dtype": "float32", "data": [1.0, -2.0], "requires_grad": true},
                            "u": {"shape": [2], "dtype": "float32", "data": [1.0, 1.0], "requires_grad": true}},
                 "program": [
                   {"op": "mul", "inputs": {"input": "x", "other": "x"}, "attrs": {}, "output": "a"},
                   {"op": "sum", "inputs": {"input": "a"}, "attrs": {"dim": null, "keepdim": false}, "output": "s"},
                   {"op": "backward", "inputs": {"tensor": "s"}},
                   {"op": "backward", "inputs": {"tensor": "s"}}],
                 "outputs": {"s": {"shape": [], "dtype": "float32", "data": [5.0]}},
                 "grads": {"x": {"shape": [2], "dtype": "float32", "data": [GRAD]}, "u": null},
                 "tolerance": {"rtol": 1e-6, "atol": 1e-7}}""";
        Map<String, OpHandler> ops = ops("unused", null);
        assertNull(ConformanceRunner.runCase("t", parse(program.replace("GRAD", "4.0, -8.0")), ops));
        String r = ConformanceRunner.runCase("t", parse(program.replace("GRAD", "2.0, -4.0")), ops);
        assertTrue(r != null && r.startsWith("grad x: element 0 is 4.0"), r);
    }

    @Test
    void uniformExpectationIsCheckedStatistically() {
        String init = """
                {"id": "u", "op": "my_uniform", "attrs": {"shape": [50, 40], "a": -1.0, "b": 1.0},
                 "expect": {"kind": "uniform", "low": -1.0, "high": 1.0, "mean": 0.0, "std": 0.5773502691896258},
                 "tolerance": {"mean_atol": 0.0245, "std_rtol": 0.0318, "min_samples": 20000}}""";
        Generator g = new Generator(11);
        OpHandler right = (in, at) -> Map.of("output", Tensor.uniform(g, -1, 1, 50, 40));
        assertNull(ConformanceRunner.runCase("t", parse(init), ops("my_uniform", right)));
        OpHandler narrow = (in, at) -> Map.of("output", Tensor.uniform(g, -0.8, 0.8, 50, 40));
        String r = ConformanceRunner.runCase("t", parse(init), ops("my_uniform", narrow));
        assertTrue(r != null && r.startsWith("sample std"), r);
        OpHandler shifted = (in, at) -> Map.of("output", Tensor.uniform(g, -0.9, 1.0, 50, 40));
        r = ConformanceRunner.runCase("t", parse(init), ops("my_uniform", shifted));
        assertTrue(r != null && r.startsWith("sample mean"), r);
        OpHandler wide = (in, at) -> Map.of("output", Tensor.uniform(g, -1.1, 1.1, 50, 40));
        r = ConformanceRunner.runCase("t", parse(init), ops("my_uniform", wide));
        assertTrue(r != null && r.contains("outside [-1.0, 1.0]"), r);
    }

    @Test
    void nonFiniteExpectedValuesMatchOnlyThemselves() {
        double inf = Double.POSITIVE_INFINITY;
        assertTrue(ConformanceTensors.matches(Double.NaN, Double.NaN, 1e-4, 1e-5));
        assertFalse(ConformanceTensors.matches(0, Double.NaN, 1e-4, 1e-5), "a number where NaN is expected");
        assertFalse(ConformanceTensors.matches(Double.NaN, 1, 1e-4, 1e-5), "a NaN where a number is expected");
        assertTrue(ConformanceTensors.matches(inf, inf, 1e-4, 1e-5));
        assertFalse(ConformanceTensors.matches(-inf, inf, 1e-4, 1e-5));
        assertFalse(ConformanceTensors.matches(1e30, inf, 1e-4, 1e-5), "a finite value within rtol·inf of inf");
        assertFalse(ConformanceTensors.matches(inf, 1e30, 1e-4, 1e-5));
        assertTrue(ConformanceTensors.matches(1.00001, 1, 1e-4, 1e-5));
        Map<String, Object> expected = Map.of("shape", List.of(3), "dtype", "float32", "data", List.of("NaN", "Infinity", 1.5));
        assertNull(ConformanceTensors.compare("x", Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, 1.5f), expected, 1e-5, 1e-6));
        assertNotNull(ConformanceTensors.compare("x", Tensor.of(0f, Float.POSITIVE_INFINITY, 1.5f), expected, 1e-5, 1e-6));
        assertNotNull(ConformanceTensors.compare("x", Tensor.of(Float.NaN, Float.MAX_VALUE, 1.5f), expected, 1e-5, 1e-6));
    }
}
