package dev.kiln.conformance;

import dev.kiln.nn.functional.Padding;
import dev.kiln.nn.functional.Convolution;
import dev.kiln.nn.functional.Pooling;
import dev.kiln.nn.functional.Rounding;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conformance handlers for conv_pool.json (SCHEMA.md §7.8). */
public final class ConvPoolOps implements OpProvider {

    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("conv1d", (in, a) -> out(conv1d(in, a)));
        ops.put("conv2d", (in, a) -> out(conv2d(in, a)));
        ops.put("conv_transpose1d", (in, a) -> out(Convolution.convTranspose1d(t(in, "input"), t(in, "weight"),
                t(in, "bias"), ints(a, "stride")[0], ints(a, "padding")[0], ints(a, "output_padding")[0],
                integer(a, "groups"), ints(a, "dilation")[0])));
        ops.put("conv_transpose2d", (in, a) -> out(Convolution.convTranspose2d(t(in, "input"), t(in, "weight"),
                t(in, "bias"), ints(a, "stride"), ints(a, "padding"), ints(a, "output_padding"), integer(a, "groups"),
                ints(a, "dilation"))));
        ops.put("max_pool1d", (in, a) -> {
            int kernel = ints(a, "kernel_size")[0];
            ValuesIndices r = Pooling.maxPool1dWithIndices(t(in, "input"), kernel,
                    a.get("stride") == null ? kernel : ints(a, "stride")[0], ints(a, "padding")[0], ints(a, "dilation")[0],
                    Rounding.ofCeilMode(bool(a, "ceil_mode")));
            return withIndices(r, bool(a, "return_indices"));
        });
        ops.put("max_pool2d", (in, a) -> {
            ValuesIndices r = Pooling.maxPool2dWithIndices(t(in, "input"), ints(a, "kernel_size"),
                    a.get("stride") == null ? null : ints(a, "stride"), ints(a, "padding"), ints(a, "dilation"),
                    bool(a, "ceil_mode"));
            return withIndices(r, bool(a, "return_indices"));
        });
        ops.put("avg_pool1d", (in, a) -> out(Pooling.avgPool1d(t(in, "input"), ints(a, "kernel_size")[0],
                a.get("stride") == null ? ints(a, "kernel_size")[0] : ints(a, "stride")[0], ints(a, "padding")[0],
                Rounding.ofCeilMode(bool(a, "ceil_mode")), bool(a, "count_include_pad"))));
        ops.put("avg_pool2d", (in, a) -> out(Pooling.avgPool2d(t(in, "input"), ints(a, "kernel_size"),
                a.get("stride") == null ? null : ints(a, "stride"), ints(a, "padding"), bool(a, "ceil_mode"),
                bool(a, "count_include_pad"),
                a.get("divisor_override") == null ? null : integer(a, "divisor_override"))));
        ops.put("adaptive_avg_pool1d", (in, a) -> out(Pooling.adaptiveAvgPool1d(t(in, "input"), ints(a, "output_size")[0])));
        ops.put("adaptive_avg_pool2d", (in, a) -> out(Pooling.adaptiveAvgPool2d(t(in, "input"), ints(a, "output_size"))));
        ops.put("adaptive_max_pool2d", (in, a) -> out(Pooling.adaptiveMaxPool2d(t(in, "input"), ints(a, "output_size"))));
    }

    private static Tensor conv1d(Map<String, Object> in, Map<String, Object> a) {
        Object p = a.get("padding");
        int stride = ints(a, "stride")[0];
        int dilation = ints(a, "dilation")[0];
        if (p instanceof String s) {
            return Convolution.conv1d(t(in, "input"), t(in, "weight"), t(in, "bias"), stride, Padding.parse(s), dilation, integer(a, "groups"));
        }
        return Convolution.conv1d(t(in, "input"), t(in, "weight"), t(in, "bias"), stride, ints(a, "padding")[0], dilation,
                integer(a, "groups"));
    }

    private static Tensor conv2d(Map<String, Object> in, Map<String, Object> a) {
        Object p = a.get("padding");
        if (p instanceof String s) {
            return Convolution.conv2d(t(in, "input"), t(in, "weight"), t(in, "bias"), ints(a, "stride"), Padding.parse(s),
                    ints(a, "dilation"), integer(a, "groups"));
        }
        return Convolution.conv2d(t(in, "input"), t(in, "weight"), t(in, "bias"), ints(a, "stride"), ints(a, "padding"),
                ints(a, "dilation"), integer(a, "groups"));
    }

    private static Map<String, Tensor> withIndices(ValuesIndices r, boolean returnIndices) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("output", r.values());
        if (returnIndices) {
            m.put("indices", r.indices());
        }
        return m;
    }

    static Map<String, Tensor> out(Tensor t) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("output", t);
        return m;
    }

    static Tensor t(Map<String, Object> in, String name) {
        return (Tensor) in.get(name);
    }

    static int[] ints(Map<String, Object> a, String name) {
        return ConformanceTensors.toIntArray(a.get(name));
    }

    static int integer(Map<String, Object> a, String name) {
        return ((Number) a.get(name)).intValue();
    }

    static boolean bool(Map<String, Object> a, String name) {
        return Boolean.TRUE.equals(a.get(name));
    }
}
