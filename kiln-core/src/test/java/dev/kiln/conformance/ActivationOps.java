package dev.kiln.conformance;

import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.function.BiFunction;

/** Conformance handlers for activations.json (SCHEMA.md §7.2). */
public final class ActivationOps implements OpProvider {
    @Override
    public void register(Map<String, OpHandler> ops) {
        unary(ops, "sigmoid", (x, a) -> Activations.sigmoid(x));
        unary(ops, "tanh", (x, a) -> Activations.tanh(x));
        unary(ops, "relu", (x, a) -> Activations.relu(x));
        unary(ops, "relu6", (x, a) -> Activations.relu6(x));
        unary(ops, "hardtanh", (x, a) -> Activations.hardtanh(x, num(a, "min_val"), num(a, "max_val")));
        unary(ops, "leaky_relu", (x, a) -> Activations.leakyRelu(x, num(a, "negative_slope")));
        unary(ops, "rrelu", (x, a) -> Activations.rrelu(x, num(a, "lower"), num(a, "upper"),
                Boolean.TRUE.equals(a.get("training")), new Generator(0)));
        unary(ops, "elu", (x, a) -> Activations.elu(x, num(a, "alpha")));
        unary(ops, "selu", (x, a) -> Activations.selu(x));
        unary(ops, "celu", (x, a) -> Activations.celu(x, num(a, "alpha")));
        unary(ops, "gelu", (x, a) -> Activations.gelu(x, GELU.Approximation.parse((String) a.get("approximate"))));
        unary(ops, "silu", (x, a) -> Activations.silu(x));
        unary(ops, "mish", (x, a) -> Activations.mish(x));
        unary(ops, "softplus", (x, a) -> Activations.softplus(x, num(a, "beta"), num(a, "threshold")));
        unary(ops, "softsign", (x, a) -> Activations.softsign(x));
        unary(ops, "hardsigmoid", (x, a) -> Activations.hardsigmoid(x));
        unary(ops, "hardswish", (x, a) -> Activations.hardswish(x));
        unary(ops, "logsigmoid", (x, a) -> Activations.logsigmoid(x));
        unary(ops, "tanhshrink", (x, a) -> Activations.tanhshrink(x));
        unary(ops, "hardshrink", (x, a) -> Activations.hardshrink(x, num(a, "lambd")));
        unary(ops, "softshrink", (x, a) -> Activations.softshrink(x, num(a, "lambd")));
        unary(ops, "threshold", (x, a) -> Activations.threshold(x, num(a, "threshold"), num(a, "value")));
        unary(ops, "softmax", (x, a) -> Softmax.softmax(x, integer(a, "dim")));
        unary(ops, "log_softmax", (x, a) -> Softmax.logSoftmax(x, integer(a, "dim")));
        unary(ops, "softmin", (x, a) -> Softmax.softmin(x, integer(a, "dim")));
        unary(ops, "logit", (x, a) -> Activations.logit(x, a.get("eps") == null ? null : num(a, "eps")));
        unary(ops, "glu", (x, a) -> GatedActivations.glu(x, integer(a, "dim")));
        unary(ops, "crelu", (x, a) -> GatedActivations.crelu(x));
        unary(ops, "maxout", (x, a) -> GatedActivations.maxout(x, integer(a, "pool_size")));
        ops.put("prelu", (in, a) -> Map.of("output", Activations.prelu((Tensor) in.get("input"), (Tensor) in.get("weight"))));
    }

    private static void unary(Map<String, OpHandler> ops, String name, BiFunction<Tensor, Map<String, Object>, Tensor> f) {
        ops.put(name, (in, a) -> Map.of("output", f.apply((Tensor) in.get("input"), a)));
    }

    static double num(Map<String, Object> attrs, String key) {
        Object v = attrs.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing attr " + key);
        }
        return ConformanceTensors.number(v);
    }

    static int integer(Map<String, Object> attrs, String key) {
        return (int) num(attrs, key);
    }
}
