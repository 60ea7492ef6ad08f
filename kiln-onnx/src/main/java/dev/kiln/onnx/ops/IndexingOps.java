package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Selecting and rearranging elements: Gather, Slice, Split, Concat, Transpose, Pad and Tile.
 */
final class IndexingOps {
    private IndexingOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("Gather", IndexingOps::gather);
        ops.put("Slice", IndexingOps::slice);
        ops.put("Split", IndexingOps::split);
        ops.put("Concat", node -> {
            if (!node.has("axis")) {
                throw node.error("attribute axis is required");
            }
            long axis = node.getInt("axis", 0);
            node.checkAllAttributesRead();
            return (in, mode) -> {
                List<Tensor> parts = new ArrayList<>(Arrays.asList(in));
                int dim = Values.axis(axis, in[0].dim(), node);
                if (parts.size() == 1) {
                    return new Tensor[] {in[0]};
                }
                return new Tensor[] {Tensor.cat(parts, dim)};
            };
        });
        ops.put("Transpose", node -> {
            int[] perm = node.getIntArray("perm", null);
            node.checkAllAttributesRead();
            return (in, mode) -> {
                int[] p = perm;
                if (p == null) {
                    p = new int[in[0].dim()];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = p.length - 1 - i;
                    }
                }
                return new Tensor[] {in[0].permute(p)};
            };
        });
        ops.put("Pad", IndexingOps::pad);
        ops.put("Tile", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].repeat(Values.ints(in[1], node, "repeats"))};
        });
    }

    /**
     * {@code out[i…, j…, k…] = data[i…, indices[j…], k…]} along {@code axis}; negative indices count
     * from the end. The output shape is {@code data.shape[:axis] + indices.shape + data.shape[axis+1:]}.
     */
    private static Kernel gather(OnnxNode node) {
        long axis = node.getInt("axis", 0);
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor data = in[0];
            Tensor indices = in[1];
            int a = Values.axis(axis, data.dim(), node);
            int size = data.size(a);
            long[] idx = Values.longs(indices, node, "indices");
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < -size || idx[i] >= size) {
                    throw node.error("index " + idx[i] + " is out of range for axis " + a + " of size " + size);
                }
                if (idx[i] < 0) {
                    idx[i] += size;
                }
            }
            if (indices.dim() == 0) {
                return new Tensor[] {data.select(a, (int) idx[0])};
            }
            Tensor picked = data.indexSelect(a, Tensor.fromArray(idx, idx.length));
            int[] s = data.shape();
            int[] out = new int[s.length - 1 + indices.dim()];
            System.arraycopy(s, 0, out, 0, a);
            System.arraycopy(indices.shape(), 0, out, a, indices.dim());
            System.arraycopy(s, a + 1, out, a + indices.dim(), s.length - a - 1);
            return new Tensor[] {picked.reshape(out)};
        };
    }

    /** Slice with starts, ends, axes and steps (attributes before opset 10, inputs from 10 on). */
    private static Kernel slice(OnnxNode node) {
        long[] startsAttribute = null;
        long[] endsAttribute = null;
        long[] axesAttribute = null;
        if (node.opset() < 10) {
            startsAttribute = node.getInts("starts", null);
            endsAttribute = node.getInts("ends", null);
            axesAttribute = node.getInts("axes", null);
            if (startsAttribute == null || endsAttribute == null) {
                throw node.error("attributes starts and ends are required");
            }
        }
        node.checkAllAttributesRead();
        long[] fixedStarts = startsAttribute;
        long[] fixedEnds = endsAttribute;
        long[] fixedAxes = axesAttribute;
        return (in, mode) -> {
            Tensor x = in[0];
            long[] starts = fixedStarts != null ? fixedStarts : Values.longs(in[1], node, "starts");
            long[] ends = fixedEnds != null ? fixedEnds : Values.longs(in[2], node, "ends");
            long[] axes = fixedStarts != null ? fixedAxes : in.length > 3 && in[3] != null ? Values.longs(in[3], node, "axes") : null;
            long[] steps = fixedStarts == null && in.length > 4 && in[4] != null ? Values.longs(in[4], node, "steps") : null;
            if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                    || (steps != null && steps.length != starts.length)) {
                throw node.error("starts, ends, axes and steps must have the same length");
            }
            for (int i = 0; i < starts.length; i++) {
                int dim = Values.axis(axes == null ? i : axes[i], x.dim(), node);
                long step = steps == null ? 1 : steps[i];
                x = sliceOne(node, x, dim, starts[i], ends[i], step);
            }
            return new Tensor[] {x};
        };
    }

    /** One axis of Slice, with the ONNX clamping rules (they differ for negative steps). */
    private static Tensor sliceOne(OnnxNode node, Tensor x, int dim, long start, long end, long step) {
        if (step == 0) {
            throw node.error("slice step must be non-zero");
        }
        long n = x.size(dim);
        if (start < 0) {
            start += n;
        }
        if (end < 0) {
            end += n;
        }
        if (step > 0) {
            start = Math.clamp(start, 0, n);
            end = Math.clamp(end, 0, n);
            if (start == 0 && end == n && step == 1) {
                return x;
            }
            if (end <= start) {
                return x.narrow(dim, (int) start, 0);
            }
            return x.slice(dim, (int) start, (int) end, (int) step);
        }
        start = Math.clamp(start, 0, n - 1);
        end = Math.clamp(end, -1, n - 1);
        int count = (int) Math.max(0, (start - end + (-step) - 1) / (-step));
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) {
            idx[i] = start + i * step;
        }
        return x.indexSelect(dim, Tensor.fromArray(idx, count));
    }

    /** Split into parts of the given sizes, or into equal parts (the last one smaller from opset 18). */
    private static Kernel split(OnnxNode node) {
        long axis = node.getInt("axis", 0);
        long[] splitAttribute = node.opset() < 13 ? node.getInts("split", null) : null;
        long numOutputs = node.opset() >= 18 ? node.getInt("num_outputs", 0) : 0;
        node.checkAllAttributesRead();
        int outputs = node.outputs().size();
        return (in, mode) -> {
            Tensor x = in[0];
            int dim = Values.axis(axis, x.dim(), node);
            int size = x.size(dim);
            long[] sizes = splitAttribute;
            if (node.opset() >= 13 && in.length > 1 && in[1] != null) {
                sizes = Values.longs(in[1], node, "split");
            }
            int[] parts;
            if (sizes != null) {
                parts = new int[sizes.length];
                long total = 0;
                for (int i = 0; i < sizes.length; i++) {
                    parts[i] = Math.toIntExact(sizes[i]);
                    total += sizes[i];
                }
                if (total != size || parts.length != outputs) {
                    throw node.error("split sizes " + Arrays.toString(sizes) + " do not cover dimension " + dim
                            + " of size " + size + " in " + outputs + " outputs");
                }
            } else {
                int count = numOutputs > 0 ? (int) numOutputs : outputs;
                int chunk = (size + count - 1) / count;
                if (numOutputs == 0 && size % count != 0) {
                    throw node.error("dimension " + dim + " of size " + size + " does not split into " + count + " equal parts");
                }
                parts = new int[count];
                for (int i = 0; i < count; i++) {
                    parts[i] = Math.max(0, Math.min(chunk, size - i * chunk));
                }
            }
            Tensor[] out = new Tensor[parts.length];
            int offset = 0;
            for (int i = 0; i < parts.length; i++) {
                out[i] = x.narrow(dim, offset, parts[i]);
                offset += parts[i];
            }
            return out;
        };
    }

    /**
     * Pad with pads {@code [x1_begin, x2_begin, …, x1_end, x2_end, …]} (attribute before opset 11,
     * input from 11 on, optionally for the listed axes from 18 on) in mode constant, reflect, edge
     * or wrap.
     */
    private static Kernel pad(OnnxNode node) {
        String modeName = node.getString("mode", "constant");
        Layers.PadMode padMode = switch (modeName) {
            case "constant" -> Layers.PadMode.CONSTANT;
            case "reflect" -> Layers.PadMode.REFLECT;
            case "edge" -> Layers.PadMode.REPLICATE;
            case "wrap" -> Layers.PadMode.CIRCULAR;
            default -> throw node.unsupported("attribute mode='" + modeName + "'");
        };
        long[] padsAttribute = node.opset() < 11 ? node.getInts(node.opset() < 2 ? "paddings" : "pads", null) : null;
        double valueAttribute = node.opset() < 11 ? node.getFloat("value", 0) : 0;
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor x = in[0];
            int rank = x.dim();
            long[] pads = padsAttribute != null ? padsAttribute : Values.longs(in[1], node, "pads");
            double value = padsAttribute != null ? valueAttribute
                    : in.length > 2 && in[2] != null && in[2].numel() > 0 ? Values.scalar(in[2], node, "constant_value") : 0;
            int[] axes;
            if (padsAttribute == null && in.length > 3 && in[3] != null) {
                axes = Values.axes(Values.longs(in[3], node, "axes"), rank, node);
            } else {
                axes = new int[rank];
                for (int i = 0; i < rank; i++) {
                    axes[i] = i;
                }
            }
            if (pads.length != 2 * axes.length) {
                throw node.error("pads has " + pads.length + " values, expected " + 2 * axes.length);
            }
            long[] begin = new long[rank];
            long[] end = new long[rank];
            for (int i = 0; i < axes.length; i++) {
                begin[axes[i]] = pads[i];
                end[axes[i]] = pads[axes.length + i];
            }
            int first = 0;
            while (first < rank && begin[first] == 0 && end[first] == 0) {
                first++;
            }
            if (first == rank) {
                return new Tensor[] {x};
            }
            int[] list = new int[2 * (rank - first)];
            for (int d = rank - 1, j = 0; d >= first; d--, j += 2) {
                list[j] = Math.toIntExact(begin[d]);
                list[j + 1] = Math.toIntExact(end[d]);
            }
            if (x.dtype() == DType.INT64 || x.dtype() == DType.BOOL) {
                return new Tensor[] {Layers.pad(x.to(DType.FLOAT64), list, padMode, value).to(x.dtype())};
            }
            return new Tensor[] {Layers.pad(x, list, padMode, value)};
        };
    }
}
