package dev.kiln.conformance;

import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * Conformance ops of {@code init.json} (SCHEMA.md §4.1, §7.5). Every case is an {@code expect}
 * case: the handler gets the attrs only and returns {@code {"output": a freshly initialised
 * float32 tensor of attrs.shape}} (drawn from the default generator, so repeated calls give new
 * samples for the statistical checks); {@code calculate_gain} returns a scalar {@code output} and
 * {@code calculate_fan_in_and_fan_out} returns scalars {@code fan_in} and {@code fan_out}.
 */
public final class InitOps implements OpProvider {

    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("calculate_gain", (in, a) -> Map.of("output", Tensor.scalar(DType.FLOAT64,
                Init.calculateGain(Nonlinearity.parse((String) a.get("nonlinearity")), a.get("param") == null ? 0.01 : num(a, "param")))));
        ops.put("calculate_fan_in_and_fan_out", (in, a) -> {
            Init.Fans f = Init.calculateFanInAndFanOut(shape(a));
            return Map.of("fan_in", Tensor.scalar(DType.INT64, f.fanIn()), "fan_out", Tensor.scalar(DType.INT64, f.fanOut()));
        });
        fill(ops, "uniform", (t, a) -> Init.uniform(t, num(a, "a"), num(a, "b")));
        fill(ops, "normal", (t, a) -> Init.normal(t, num(a, "mean"), num(a, "std")));
        fill(ops, "trunc_normal", (t, a) -> Init.truncNormal(t, num(a, "mean"), num(a, "std"), num(a, "a"), num(a, "b")));
        fill(ops, "constant", (t, a) -> Init.constant(t, num(a, "val")));
        fill(ops, "ones", (t, a) -> Init.ones(t));
        fill(ops, "zeros", (t, a) -> Init.zeros(t));
        fill(ops, "eye", (t, a) -> Init.eye(t));
        fill(ops, "dirac", (t, a) -> Init.dirac(t, (int) num(a, "groups")));
        fill(ops, "xavier_uniform", (t, a) -> Init.xavierUniform(t, num(a, "gain")));
        fill(ops, "xavier_normal", (t, a) -> Init.xavierNormal(t, num(a, "gain")));
        fill(ops, "kaiming_uniform", (t, a) -> Init.kaimingUniform(t, num(a, "a"), Init.FanMode.parse((String) a.get("mode")),
                Nonlinearity.parse((String) a.get("nonlinearity"))));
        fill(ops, "kaiming_normal", (t, a) -> Init.kaimingNormal(t, num(a, "a"), Init.FanMode.parse((String) a.get("mode")),
                Nonlinearity.parse((String) a.get("nonlinearity"))));
        fill(ops, "orthogonal", (t, a) -> Init.orthogonal(t, num(a, "gain")));
        fill(ops, "sparse", (t, a) -> Init.sparse(t, num(a, "sparsity"), num(a, "std")));
    }

    private interface Filler {
        void fill(Tensor t, Map<String, Object> attrs);
    }

    private static void fill(Map<String, OpHandler> ops, String name, Filler f) {
        ops.put(name, (in, a) -> {
            Tensor t = Tensor.zeros(shape(a));
            f.fill(t, a);
            return Map.of("output", t);
        });
    }

    private static int[] shape(Map<String, Object> attrs) {
        return ConformanceTensors.toIntArray(attrs.get("shape"));
    }

    private static double num(Map<String, Object> attrs, String key) {
        return ConformanceTensors.number(attrs.get(key));
    }
}
