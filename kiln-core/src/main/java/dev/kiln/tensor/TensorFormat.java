package dev.kiln.tensor;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: {@code tensor([[1.0000, 2.5000], [3.0000, 4.0000]])},
 * integral floats as {@code 1.}, scientific notation when magnitudes differ widely, at most three
 * leading and trailing entries per dimension once a tensor has more than 1000 elements, and a
 * suffix for a non-default type, {@code requires_grad} or {@code grad_fn}.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.toDoubleArray();
        boolean summarize = values.length > THRESHOLD;
        Style style = Style.of(t.dtype(), values);
        StringBuilder sb = new StringBuilder("tensor(");
        int[] shape = t.shape();
        if (shape.length == 0) {
            sb.append(style.format(values[0]).strip());
        } else {
            append(sb, values, shape, 0, 0, style, summarize, 7);
        }
        if (t.numel() == 0 && shape.length > 1) {
            sb.append(", size=").append(java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        }
        if (t.dtype() == DType.FLOAT64) {
            sb.append(", dtype=").append(t.dtype().label());
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn().name()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, double[] v, int[] shape, int dim, int base, Style style, boolean summarize, int indent) {
        int size = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        sb.append('[');
        boolean last = dim == shape.length - 1;
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + 1));
                i = size - EDGE_ITEMS - 1;
                continue;
            }
            if (last) {
                sb.append(style.format(v[base + i]));
            } else {
                append(sb, v, shape, dim + 1, base + i * stride, style, summarize, indent + 1);
            }
            if (i < size - 1) {
                sb.append(last ? ", " : ",\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1));
            }
        }
        sb.append(']');
    }

    private record Style(DType type, boolean integral, boolean scientific, int width) {
        static Style of(DType type, double[] v) {
            if (!type.isFloatingPoint()) {
                int w = 1;
                for (double x : v) {
                    w = Math.max(w, type == DType.BOOL ? (x != 0 ? 4 : 5) : Long.toString((long) x).length());
                }
                return new Style(type, true, false, w);
            }
            boolean integral = true;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    continue;
                }
                if (x != Math.rint(x)) {
                    integral = false;
                }
                double a = Math.abs(x);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) {
                    minAbs = Math.min(minAbs, a);
                }
            }
            boolean sci = maxAbs > 1e8 || (!integral && (minAbs < 1e-4 || maxAbs / minAbs > 1000));
            if (integral && maxAbs > 1e8) {
                sci = true;
            }
            Style s = new Style(type, integral && !sci, sci, 0);
            int w = 1;
            for (double x : v) {
                w = Math.max(w, s.raw(x).length());
            }
            return new Style(type, s.integral, sci, w);
        }

        String raw(double x) {
            if (type == DType.BOOL) {
                return x != 0 ? "True" : "False";
            }
            if (type == DType.INT64) {
                return Long.toString((long) x);
            }
            if (Double.isNaN(x)) {
                return "nan";
            }
            if (Double.isInfinite(x)) {
                return x > 0 ? "inf" : "-inf";
            }
            if (scientific) {
                return String.format(Locale.ROOT, "%.4e", x);
            }
            if (integral) {
                return String.format(Locale.ROOT, "%.0f.", x);
            }
            return String.format(Locale.ROOT, "%.4f", x);
        }

        String format(double x) {
            String r = raw(x);
            return " ".repeat(Math.max(0, width - r.length())) + r;
        }
    }
}
