package dev.kiln.conformance;

import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conformance handlers for normalization.json (SCHEMA.md §7.7). batch_norm in training with
 * running statistics has two more outputs, the updated {@code running_mean} and
 * {@code running_var} (updated in place on copies of the given tensors).
 */
public final class NormalizationOps implements OpProvider {

    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("batch_norm", (in, a) -> {
            Tensor rm = t(in, "running_mean");
            Tensor rv = t(in, "running_var");
            rm = rm == null ? null : rm.detach().clone();
            rv = rv == null ? null : rv.detach().clone();
            boolean training = Boolean.TRUE.equals(a.get("training"));
            Tensor y = Normalization.batchNorm(t(in, "input"), rm, rv, t(in, "weight"), t(in, "bias"), training,
                    num(a, "momentum"), num(a, "eps"));
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("output", y);
            if (training && rm != null) {
                m.put("running_mean", rm);
                m.put("running_var", rv);
            }
            return m;
        });
        ops.put("group_norm", (in, a) -> ConvPoolOps.out(Normalization.groupNorm(t(in, "input"),
                ConvPoolOps.integer(a, "num_groups"), t(in, "weight"), t(in, "bias"), num(a, "eps"))));
        ops.put("layer_norm", (in, a) -> ConvPoolOps.out(Normalization.layerNorm(t(in, "input"),
                ConvPoolOps.ints(a, "normalized_shape"), t(in, "weight"), t(in, "bias"), num(a, "eps"))));
        ops.put("instance_norm", (in, a) -> ConvPoolOps.out(Normalization.instanceNorm(t(in, "input"), t(in, "weight"),
                t(in, "bias"), num(a, "eps"))));
        ops.put("local_response_norm", (in, a) -> ConvPoolOps.out(Normalization.localResponseNorm(t(in, "input"),
                ConvPoolOps.integer(a, "size"), num(a, "alpha"), num(a, "beta"), num(a, "k"))));
        ops.put("weight_norm", (in, a) -> {
            Object dim = a.get("dim");
            return ConvPoolOps.out(Normalization.weightNorm(t(in, "v"), t(in, "g"),
                    dim == null ? null : ((Number) dim).intValue()));
        });
    }

    private static Tensor t(Map<String, Object> in, String name) {
        return (Tensor) in.get(name);
    }

    private static double num(Map<String, Object> a, String name) {
        return ConformanceTensors.number(a.get(name));
    }
}
