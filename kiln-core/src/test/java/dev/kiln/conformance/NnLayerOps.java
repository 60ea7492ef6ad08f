package dev.kiln.conformance;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Conformance ops of {@code nn_layers.json} (SCHEMA.md §7.6): linear, bilinear, embedding,
 * normalize, cosine_similarity, pairwise_distance, pad, and dropout (an {@code expect} case: the
 * handler returns {@code {"output"}} for the given input and attrs).
 */
public final class NnLayerOps implements OpProvider {

    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("linear", (in, a) -> out(Layers.linear(t(in, "input"), t(in, "weight"), t(in, "bias"))));
        ops.put("bilinear", (in, a) -> out(Layers.bilinear(t(in, "input1"), t(in, "input2"), t(in, "weight"), t(in, "bias"))));
        ops.put("embedding", (in, a) -> out(Layers.embedding(t(in, "input"), t(in, "weight"),
                a.get("padding_idx") == null ? OptionalInt.empty() : OptionalInt.of((int) num(a, "padding_idx")))));
        ops.put("normalize", (in, a) -> out(Layers.normalize(t(in, "input"), num(a, "p"), (int) num(a, "dim"), num(a, "eps"))));
        ops.put("cosine_similarity", (in, a) -> out(Layers.cosineSimilarity(t(in, "x1"), t(in, "x2"), (int) num(a, "dim"),
                num(a, "eps"))));
        ops.put("pairwise_distance", (in, a) -> out(Layers.pairwiseDistance(t(in, "x1"), t(in, "x2"), num(a, "p"), num(a, "eps"),
                Boolean.TRUE.equals(a.get("keepdim")))));
        ops.put("pad", (in, a) -> out(Layers.pad(t(in, "input"), ConformanceTensors.toIntArray(a.get("pad")),
                Layers.PadMode.parse((String) a.get("mode")), a.get("value") == null ? 0 : num(a, "value"))));
        ops.put("dropout", (in, a) -> out(Layers.dropout(t(in, "input"), num(a, "p"), Boolean.TRUE.equals(a.get("training")))));
    }

    private static Map<String, Tensor> out(Tensor t) {
        return Map.of("output", t);
    }

    private static Tensor t(Map<String, Object> inputs, String name) {
        return (Tensor) inputs.get(name);
    }

    private static double num(Map<String, Object> attrs, String key) {
        return ConformanceTensors.number(attrs.get(key));
    }
}
