package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Shapes, types and constants — the shape arithmetic PyTorch's exporter writes around
 * {@code view}/{@code flatten}: Shape, Size, Reshape, Flatten, Squeeze, Unsqueeze, Expand,
 * ConstantOfShape, Constant, Range, Cast, CastLike, Identity and Dropout. Shapes travel as int64
 * tensors and are computed eagerly on each run, so dynamic dimensions (the batch) just work.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("Shape", ShapeOps::shape);
        ops.put("Size", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Tensor.scalar(DType.INT64, in[0].numel())};
        });
        ops.put("Reshape", ShapeOps::reshape);
        ops.put("Flatten", node -> {
            long axis = node.getInt("axis", 1);
            node.checkAllAttributesRead();
            return (in, mode) -> {
                int[] s = in[0].shape();
                int a = axis == s.length ? s.length : Values.axis(axis, s.length, node);
                return new Tensor[] {in[0].reshape(Values.product(s, 0, a), Values.product(s, a, s.length))};
            };
        });
        ops.put("Squeeze", ShapeOps::squeeze);
        ops.put("Unsqueeze", ShapeOps::unsqueeze);
        ops.put("Expand", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> {
                int[] target = Values.ints(in[1], node, "shape");
                int[] out = Shape.broadcast("Expand", in[0].shape(), target);
                return new Tensor[] {Arrays.equals(out, in[0].shape()) ? in[0] : in[0].expand(out)};
            };
        });
        ops.put("ConstantOfShape", node -> {
            Tensor value = node.getTensor("value");
            node.checkAllAttributesRead();
            if (value != null && value.numel() != 1) {
                throw node.error("attribute value must hold one element, got shape " + Arrays.toString(value.shape()));
            }
            DType type = value == null ? DType.FLOAT32 : value.dtype();
            double v = value == null ? 0 : value.reshape().item();
            return (in, mode) -> new Tensor[] {Tensor.full(type, v, Values.ints(in[0], node, "shape"))};
        });
        ops.put("Constant", ShapeOps::constant);
        ops.put("Range", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> {
                double start = Values.scalar(in[0], node, "start");
                double limit = Values.scalar(in[1], node, "limit");
                double delta = Values.scalar(in[2], node, "delta");
                if (delta == 0) {
                    throw node.error("delta must be non-zero");
                }
                long count = Math.max(0, (long) Math.ceil((limit - start) / delta));
                DType type = in[0].dtype();
                Tensor r = count == 0 ? Tensor.empty(type, 0) : Tensor.arange(start, start + count * delta - delta / 2, delta, type);
                return new Tensor[] {r};
            };
        });
        ops.put("Cast", node -> {
            int to = Math.toIntExact(node.getInt("to", DataType.UNDEFINED_VALUE));
            node.getInt("saturate", 1); // only affects float8 targets, which are refused below
            node.checkAllAttributesRead();
            DType type = TensorProtos.kilnType(to);
            if (type == null) {
                throw node.unsupported("target type " + TensorProtos.typeName(to));
            }
            return (in, mode) -> new Tensor[] {in[0].to(type)};
        });
        ops.put("CastLike", node -> {
            node.getInt("saturate", 1);
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].to(in[1].dtype())};
        });
        ops.put("Identity", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0]};
        });
        ops.put("Dropout", ShapeOps::dropout);
    }

    private static Kernel shape(OnnxNode node) {
        long start = node.getInt("start", 0);
        Long end = node.has("end") ? node.getInt("end", 0) : null;
        node.checkAllAttributesRead();
        return (in, mode) -> {
            int[] s = in[0].shape();
            int r = s.length;
            int from = Math.clamp(start < 0 ? start + r : start, 0, r);
            int to = end == null ? r : Math.clamp(end < 0 ? end + r : end, 0, r);
            long[] dims = new long[Math.max(0, to - from)];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s[from + i];
            }
            return new Tensor[] {Tensor.fromArray(dims, dims.length)};
        };
    }

    /** Reshape: 0 copies the input's dimension (unless {@code allowzero}), −1 takes what is left. */
    private static Kernel reshape(OnnxNode node) {
        boolean allowZero = node.getInt("allowzero", 0) != 0;
        node.checkAllAttributesRead();
        return (in, mode) -> {
            long[] spec = Values.longs(in[1], node, "shape");
            int[] s = in[0].shape();
            int[] out = new int[spec.length];
            int infer = -1;
            long known = 1;
            for (int i = 0; i < spec.length; i++) {
                long v = spec[i];
                if (v == 0 && !allowZero) {
                    if (i >= s.length) {
                        throw node.error("shape " + Arrays.toString(spec) + " copies dimension " + i + " of input "
                                + Arrays.toString(s) + ", which has none");
                    }
                    v = s[i];
                }
                if (v == -1) {
                    if (infer >= 0) {
                        throw node.error("shape " + Arrays.toString(spec) + " has more than one -1");
                    }
                    infer = i;
                    continue;
                }
                if (v < 0) {
                    throw node.error("shape " + Arrays.toString(spec) + " has a negative dimension");
                }
                out[i] = Math.toIntExact(v);
                known *= v;
            }
            int numel = in[0].numel();
            if (infer >= 0) {
                if (known == 0 || numel % known != 0) {
                    throw node.error("cannot reshape " + Arrays.toString(s) + " to " + Arrays.toString(spec));
                }
                out[infer] = (int) (numel / known);
            } else if (known != numel) {
                throw node.error("cannot reshape " + Arrays.toString(s) + " to " + Arrays.toString(spec));
            }
            return new Tensor[] {in[0].reshape(out)};
        };
    }

    private static long[] axesOf(OnnxNode node, Tensor[] in, long[] attribute) {
        if (node.opset() < 13) {
            return attribute;
        }
        return in.length > 1 && in[1] != null ? Values.longs(in[1], node, "axes") : null;
    }

    private static Kernel squeeze(OnnxNode node) {
        long[] attribute = node.opset() < 13 ? node.getInts("axes", null) : null;
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            long[] axes = axesOf(node, in, attribute);
            if (axes == null) {
                return new Tensor[] {x.squeeze()};
            }
            int[] dims = Values.axes(axes, x.dim(), node);
            Arrays.sort(dims);
            for (int i = dims.length - 1; i >= 0; i--) {
                if (x.size(dims[i]) != 1) {
                    throw node.error("cannot squeeze dimension " + dims[i] + " of size " + x.size(dims[i]));
                }
                x = x.squeeze(dims[i]);
            }
            return new Tensor[] {x};
        };
    }

    private static Kernel unsqueeze(OnnxNode node) {
        long[] attribute = node.opset() < 13 ? node.getInts("axes", null) : null;
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            long[] axes = axesOf(node, in, attribute);
            if (axes == null) {
                throw node.error("axes are required");
            }
            int[] dims = Values.axes(axes, x.dim() + axes.length, node);
            Arrays.sort(dims);
            for (int d : dims) {
                x = x.unsqueeze(d);
            }
            return new Tensor[] {x};
        };
    }

    private static Kernel constant(OnnxNode node) {
        Tensor value;
        if (node.has("value")) {
            value = node.getTensor("value");
        } else if (node.has("value_float")) {
            value = Tensor.scalar(DType.FLOAT32, node.getFloat("value_float", 0));
        } else if (node.has("value_floats")) {
            float[] v = node.getFloats("value_floats", new float[0]);
            value = Tensor.fromArray(v, v.length);
        } else if (node.has("value_int")) {
            value = Tensor.scalar(DType.INT64, node.getInt("value_int", 0));
        } else if (node.has("value_ints")) {
            long[] v = node.getInts("value_ints", new long[0]);
            value = Tensor.fromArray(v, v.length);
        } else {
            node.checkAllAttributesRead();
            throw node.error("no value attribute Kiln understands (value, value_float(s), value_int(s))");
        }
        node.checkAllAttributesRead();
        Tensor constant = value;
        return (in, mode) -> new Tensor[] {constant};
    }

    /**
     * Dropout: the identity in inference mode; in training mode it zeroes elements with probability
     * {@code ratio} and scales the rest by 1/(1 − ratio).
     */
    private static Kernel dropout(OnnxNode node) {
        double ratioAttribute = node.opset() < 12 ? node.getFloat("ratio", 0.5) : 0.5;
        if (node.opset() < 7) {
            node.getInt("is_test", 0);
        }
        node.getInt("seed", 0); // Kiln draws from its own generator
        node.requireOutputsAtMost(1, "mask");
        node.checkAllAttributesRead();
        return (in, mode) -> {
            if (mode == ExecutionMode.INFERENCE) {
                return new Tensor[] {in[0]};
            }
            double ratio = in.length > 1 && in[1] != null ? Values.scalar(in[1], node, "ratio") : ratioAttribute;
            return new Tensor[] {Layers.dropout(in[0], ratio, true)};
        };
    }
}
