package dev.kiln.conformance;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ops of {@code tensor_ops.json} (SCHEMA.md §7.1): arithmetic with broadcasting, matmul,
 * reductions, shape ops and indexing, each mapped onto the corresponding {@link Tensor} method.
 *
 * <p>Attribute conventions: {@code dim} of a reduction is {@code null} (all dimensions), an int or
 * a list of ints; {@code max}/{@code min} with {@code dim = null} return {@code "output"}, and with
 * an int dim return {@code "values"} and {@code "indices"}; {@code norm}'s {@code p} is a number
 * or {@code "inf"}; {@code pow}'s exponent is the attribute {@code exponent} or, when that is
 * null, the tensor input {@code exponent}.
 */
public final class TensorOps implements OpProvider {
    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("add", (in, at) -> out(t(in, "input").add(t(in, "other"), num(at, "alpha", 1))));
        ops.put("sub", (in, at) -> out(t(in, "input").sub(t(in, "other"), num(at, "alpha", 1))));
        ops.put("mul", (in, at) -> out(t(in, "input").mul(t(in, "other"))));
        ops.put("div", (in, at) -> out(t(in, "input").div(t(in, "other"))));
        ops.put("matmul", (in, at) -> out(t(in, "input").matmul(t(in, "other"))));

        ops.put("sum", (in, at) -> {
            Tensor x = t(in, "input");
            int[] dims = dims(at.get("dim"));
            return out(dims == null ? keepAll(x.sum(), x, bool(at, "keepdim")) : x.sum(dims, bool(at, "keepdim")));
        });
        ops.put("mean", (in, at) -> {
            Tensor x = t(in, "input");
            int[] dims = dims(at.get("dim"));
            return out(dims == null ? keepAll(x.mean(), x, bool(at, "keepdim")) : x.mean(dims, bool(at, "keepdim")));
        });
        ops.put("max", (in, at) -> {
            Tensor x = t(in, "input");
            Object dim = at.get("dim");
            if (dim == null) {
                return out(x.max());
            }
            return valuesIndices(x.max(integer(dim), bool(at, "keepdim")));
        });
        ops.put("min", (in, at) -> {
            Tensor x = t(in, "input");
            Object dim = at.get("dim");
            if (dim == null) {
                return out(x.min());
            }
            return valuesIndices(x.min(integer(dim), bool(at, "keepdim")));
        });
        ops.put("amax", (in, at) -> out(t(in, "input").amax(dimsOrAll(at.get("dim"), t(in, "input")), bool(at, "keepdim"))));
        ops.put("amin", (in, at) -> out(t(in, "input").amin(dimsOrAll(at.get("dim"), t(in, "input")), bool(at, "keepdim"))));
        ops.put("argmax", (in, at) -> {
            Tensor x = t(in, "input");
            Object dim = at.get("dim");
            return out(dim == null ? x.argmax() : x.argmax(integer(dim), bool(at, "keepdim")));
        });
        ops.put("argmin", (in, at) -> {
            Tensor x = t(in, "input");
            Object dim = at.get("dim");
            return out(dim == null ? x.argmin() : x.argmin(integer(dim), bool(at, "keepdim")));
        });

        ops.put("exp", (in, at) -> out(t(in, "input").exp()));
        ops.put("log", (in, at) -> out(t(in, "input").log()));
        ops.put("sqrt", (in, at) -> out(t(in, "input").sqrt()));
        ops.put("abs", (in, at) -> out(t(in, "input").abs()));
        ops.put("neg", (in, at) -> out(t(in, "input").neg()));
        ops.put("pow", (in, at) -> {
            Tensor x = t(in, "input");
            Object e = at.get("exponent");
            return out(e != null ? x.pow(ConformanceTensors.number(e)) : x.pow(t(in, "exponent")));
        });

        ops.put("transpose", (in, at) -> out(t(in, "input").transpose(integer(at.get("dim0")), integer(at.get("dim1")))));
        ops.put("permute", (in, at) -> out(t(in, "input").permute(ConformanceTensors.toIntArray(at.get("dims")))));
        ops.put("reshape", (in, at) -> out(t(in, "input").reshape(ConformanceTensors.toIntArray(at.get("shape")))));
        ops.put("view", (in, at) -> out(t(in, "input").view(ConformanceTensors.toIntArray(at.get("shape")))));
        ops.put("flatten", (in, at) -> out(t(in, "input").flatten(intOr(at, "start_dim", 0), intOr(at, "end_dim", -1))));
        ops.put("squeeze", (in, at) -> {
            Object dim = at.get("dim");
            return out(dim == null ? t(in, "input").squeeze() : t(in, "input").squeeze(integer(dim)));
        });
        ops.put("unsqueeze", (in, at) -> out(t(in, "input").unsqueeze(integer(at.get("dim")))));
        ops.put("expand", (in, at) -> out(t(in, "input").expand(ConformanceTensors.toIntArray(at.get("size")))));
        ops.put("cat", (in, at) -> out(Tensor.cat(list(in, "tensors"), intOr(at, "dim", 0))));
        ops.put("stack", (in, at) -> out(Tensor.stack(list(in, "tensors"), intOr(at, "dim", 0))));
        ops.put("narrow", (in, at) -> out(t(in, "input").narrow(integer(at.get("dim")), integer(at.get("start")),
                integer(at.get("length")))));
        ops.put("slice", (in, at) -> out(t(in, "input").slice(integer(at.get("dim")), optInt(at.get("start")),
                optInt(at.get("end")), intOr(at, "step", 1))));
        ops.put("select", (in, at) -> out(t(in, "input").select(integer(at.get("dim")), integer(at.get("index")))));
        ops.put("index_select", (in, at) -> out(t(in, "input").indexSelect(integer(at.get("dim")), t(in, "index"))));

        ops.put("clamp", (in, at) -> out(t(in, "input").clamp(optNum(at.get("min")), optNum(at.get("max")))));
        ops.put("where", (in, at) -> out(Tensor.where(t(in, "condition"), t(in, "input"), t(in, "other"))));
        ops.put("logsumexp", (in, at) -> out(t(in, "input").logsumexp(dimsOrAll(at.get("dim"), t(in, "input")),
                bool(at, "keepdim"))));
        ops.put("var", (in, at) -> out(t(in, "input").var(dims(at.get("dim")), correction(at), bool(at, "keepdim"))));
        ops.put("std", (in, at) -> out(t(in, "input").std(dims(at.get("dim")), correction(at), bool(at, "keepdim"))));
        ops.put("norm", (in, at) -> {
            Object p = at.get("p");
            double order = p == null ? 2 : "inf".equals(p) ? Double.POSITIVE_INFINITY : ConformanceTensors.number(p);
            return out(t(in, "input").norm(order, dims(at.get("dim")), bool(at, "keepdim")));
        });
        ops.put("cumsum", (in, at) -> out(t(in, "input").cumsum(integer(at.get("dim")))));
        ops.put("gather", (in, at) -> out(t(in, "input").gather(integer(at.get("dim")), t(in, "index"))));
        ops.put("one_hot", (in, at) -> out(Tensor.oneHot(t(in, "input"), intOr(at, "num_classes", -1))));
    }

    // ------------------------------------------------------------------ attribute and input helpers

    private static Map<String, Tensor> out(Tensor t) {
        return Map.of("output", t);
    }

    private static Map<String, Tensor> valuesIndices(ValuesIndices vi) {
        return Map.of("values", vi.values(), "indices", vi.indices());
    }

    /** A full reduction keeps every dimension as size 1 when {@code keepdim} is set. */
    private static Tensor keepAll(Tensor reduced, Tensor x, boolean keepdim) {
        if (!keepdim) {
            return reduced;
        }
        int[] ones = new int[x.dim()];
        java.util.Arrays.fill(ones, 1);
        return reduced.reshape(ones);
    }

    private static Tensor t(Map<String, Object> inputs, String name) {
        Object v = inputs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing input '" + name + "' (have " + inputs.keySet() + ")");
        }
        return (Tensor) v;
    }

    private static List<Tensor> list(Map<String, Object> inputs, String name) {
        Object v = inputs.get(name);
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("input '" + name + "' must be a list of tensors, got " + v);
        }
        List<Tensor> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add((Tensor) o);
        }
        return out;
    }

    /** null → null (all dimensions); an int → one dim; a list → those dims. */
    private static int[] dims(Object dim) {
        return dim == null ? null : ConformanceTensors.toIntArray(dim);
    }

    private static int[] dimsOrAll(Object dim, Tensor x) {
        if (dim != null) {
            return ConformanceTensors.toIntArray(dim);
        }
        int[] all = new int[x.dim()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int correction(Map<String, Object> attrs) {
        Object unbiased = attrs.get("unbiased");
        if (unbiased == null) {
            Object c = attrs.get("correction");
            return c == null ? 1 : integer(c);
        }
        return Boolean.TRUE.equals(unbiased) ? 1 : 0;
    }

    private static int integer(Object v) {
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("expected an integer attribute, got " + v);
        }
        return n.intValue();
    }

    private static Integer optInt(Object v) {
        return v == null ? null : integer(v);
    }

    private static Double optNum(Object v) {
        return v == null ? null : ConformanceTensors.number(v);
    }

    private static int intOr(Map<String, Object> attrs, String key, int fallback) {
        Object v = attrs.get(key);
        return v == null ? fallback : integer(v);
    }

    private static double num(Map<String, Object> attrs, String key, double fallback) {
        Object v = attrs.get(key);
        return v == null ? fallback : ConformanceTensors.number(v);
    }

    private static boolean bool(Map<String, Object> attrs, String key) {
        return Boolean.TRUE.equals(attrs.get(key));
    }
}
