package dev.kiln.nn.functional;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.PoolWindows;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import dev.kiln.tensor.internal.ForwardArrays;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Max, average and adaptive pooling over 1-D and 2-D signals (PyTorch's {@code F.max_pool1d},
 * {@code F.max_pool2d}, {@code F.avg_pool1d}, {@code F.avg_pool2d}, {@code F.adaptive_avg_pool1d},
 * {@code F.adaptive_avg_pool2d}, {@code F.adaptive_max_pool2d}).
 *
 * <p>Inputs are (N, C, L) or (C, L) for 1-D pooling and (N, C, H, W) or (C, H, W) for 2-D
 * pooling, float32 or float64; every plane is pooled on its own. Per spatial dimension the output
 * size is {@code o = floor_or_ceil((L + 2p − d·(k − 1) − 1)/s) + 1}; with {@code ceilMode} the
 * last window is dropped when it would start inside the right padding ({@code (o − 1)·s ≥ L + p}).
 * A {@code null} stride means the kernel size.
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool2d(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
 * }</pre>
 */
public final class Pooling {
    private Pooling() {
    }

    // ------------------------------------------------------------------ max

    /**
     * {@return {@code max_pool1d} with the given kernel size (stride = kernel, no padding)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public static Tensor maxPool1d(Tensor input, int kernelSize) {
        return maxPool1d(input, kernelSize, kernelSize, 0, 1, Rounding.FLOOR);
    }

    /**
     * {@return 1-D max pooling; padding is implicit −∞ and may be at most half the kernel size}
     *
     *
     * @param stride the step between windows ({@code kernelSize} for PyTorch's default)
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param padding the implicit padding on both sides (−∞ for max, 0 for average), at most half the window
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param rounding how the output length is rounded: down (whole windows) or up (a last partial window)
     */
    public static Tensor maxPool1d(Tensor input, int kernelSize, int stride, int padding, int dilation, Rounding rounding) {
        return maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, rounding).values();
    }

    /**
     * {@return 1-D max pooling that also returns the index along L of each maximum (int64)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows ({@code kernelSize} for PyTorch's default)
     * @param padding the implicit padding on both sides (−∞ for max, 0 for average), at most half the window
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param rounding how the output length is rounded: down (whole windows) or up (a last partial window)
     */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int kernelSize, int stride, int padding, int dilation,
            Rounding rounding) {
        return maxPool("max_pool1d", input, false, new int[] {1, kernelSize}, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, rounding == Rounding.CEIL, true);
    }

    /**
     * {@return {@code max_pool2d} with the given kernel size (stride = kernel, no padding)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public static Tensor maxPool2d(Tensor input, int kernelSize) {
        return maxPool2d(input, new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false);
    }

    /**
     * 2-D max pooling.
     *
     *
     * @param kernelSize one value or (kh, kw)
     * @param stride one value, a pair, or null for the kernel size
     * @param padding one value or a pair; implicit −∞, at most half the kernel size
     * @param dilation one value or a pair
     * @param ceilMode round the output size up (see the class comment)
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @return (…, oh, ow)
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        String op = "max_pool2d";
        int[] k = Convolution.pair(op, "kernel_size", kernelSize);
        return maxPool(op, input, true, k, stride == null ? k : Convolution.pair(op, "stride", stride),
                Convolution.pair(op, "padding", padding), Convolution.pair(op, "dilation", dilation), ceilMode, false).values();
    }

    /**
     * {@return 2-D max pooling that also returns the position {@code h·W + w} of each maximum in its plane (int64)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param stride the step between windows (null for the window size)
     * @param padding the implicit padding on both sides (−∞ for max, 0 for average), at most half the window
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param ceilMode true to round the output size up (a last partial window), false to round it down
     */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernelSize, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        String op = "max_pool2d";
        int[] k = Convolution.pair(op, "kernel_size", kernelSize);
        return maxPool(op, input, true, k, stride == null ? k : Convolution.pair(op, "stride", stride),
                Convolution.pair(op, "padding", padding), Convolution.pair(op, "dilation", dilation), ceilMode, true);
    }

    private static ValuesIndices maxPool(String op, Tensor x, boolean twoD, int[] k, int[] s, int[] p, int[] d,
            boolean ceil, boolean wantIndices) {
        Planes pl = planes(op, x, twoD);
        checkWindow(op, k, s, p, d);
        for (int i = 0; i < 2; i++) {
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + p[i] + " should be at most half of kernel size "
                        + k[i]);
            }
        }
        int oh = pooledSize(op, pl.h, k[0], s[0], p[0], d[0], ceil);
        int ow = pooledSize(op, pl.w, k[1], s[1], p[1], d[1], ceil);
        PoolWindows wy = PoolWindows.sliding(pl.h, oh, k[0], s[0], p[0], d[0]);
        PoolWindows wx = PoolWindows.sliding(pl.w, ow, k[1], s[1], p[1], d[1]);
        ValuesIndices out = maxOver(x, pl, wy, wx, wantIndices);
        if (Tracing.isRecording()) {
            Tracing.record("max_pool", out.values(), windowAttributes(twoD, k, s, p, d, ceil), x);
        }
        return out;
    }

    /**
     * Maxout's reduction: the maximum of each group of {@code pool} consecutive elements along dimension
     * d, as one max pool with (pool × 1) windows over the (outer, size, inner) planes of x; the gradient
     * goes to each group's arg-max (the first on ties, a NaN wins).
     */
    static Tensor maxOverGroups(Tensor x, int d, int pool) {
        int[] shape = x.shape();
        int size = shape[d];
        int inner = Shape.innerSize(shape, d);
        int outer = size * inner == 0 ? 0 : x.numel() / (size * inner);
        int[] outShape = shape.clone();
        outShape[d] = size / pool;
        Planes pl = new Planes(shape, outer, size, inner, true);
        PoolWindows groups = PoolWindows.sliding(size, size / pool, pool, pool, 0, 1);
        PoolWindows each = PoolWindows.sliding(inner, inner, 1, 1, 0, 1);
        return maxOver(x, pl, groups, each, outShape, false).values();
    }

    /** Max over the windows; indices (int64) only when wanted, else null in the result. */
    private static ValuesIndices maxOver(Tensor x, Planes pl, PoolWindows wy, PoolWindows wx, boolean wantIndices) {
        return maxOver(x, pl, wy, wx, pl.outShape(wy.size(), wx.size()), wantIndices);
    }

    private static ValuesIndices maxOver(Tensor x, Planes pl, PoolWindows wy, PoolWindows wx, int[] outShape,
            boolean wantIndices) {
        int oh = wy.size(), ow = wx.size();
        Tensor xc = x.detach().contiguous();
        int n = pl.planes * oh * ow;
        int[] idx = new int[n];
        Tensor out;
        if (x.dtype() == DType.FLOAT32) {
            Storage o = ForwardArrays.floats(n); // written whole
            xc.device().backend().maxPool(TensorInternals.floats(xc), xc.offset(), pl.planes, pl.h, pl.w, wy, wx, o.floats(), idx);
            out = TensorInternals.wrap(o, outShape);
        } else {
            double[] o = new double[n];
            ReferenceBackend.INSTANCE.maxPool(TensorInternals.doubles(xc), xc.offset(), pl.planes, pl.h, pl.w, wy, wx, o, idx);
            out = TensorInternals.wrap(Storage.wrap(o), outShape);
        }
        Tensor indices = null;
        if (wantIndices) {
            long[] li = new long[n];
            for (int i = 0; i < n; i++) {
                li[i] = idx[i];
            }
            indices = TensorInternals.wrap(Storage.wrap(li), outShape);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new MaxPoolBackward(x, idx, pl, wy, wx));
        }
        return new ValuesIndices(out, indices);
    }

    /** The gradient flows to each window's arg-max; overlapping windows add up. */
    private static final class MaxPoolBackward extends LibraryNode {
        private final int[] idx;
        private final Planes pl;
        private final PoolWindows wy;
        private final PoolWindows wx;

        MaxPoolBackward(Tensor x, int[] idx, Planes pl, PoolWindows wy, PoolWindows wx) {
            super(x);
            this.idx = idx;
            this.pl = pl;
            this.wy = wy;
            this.wx = wx;
        }

        @Override
        public String name() {
            return "MaxPoolBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            int n = Shape.numel(pl.shape);
            if (g.dtype() == DType.FLOAT32) {
                float[] gx = Workspace.floats(n); // written whole
                gc.device().backend().maxPoolBackward(TensorInternals.floats(gc), gc.offset(), idx, pl.planes, pl.h, pl.w, wy, wx, gx);
                return new Tensor[] {TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(gx), pl.shape))};
            }
            double[] gx = Workspace.doubles(n);
            ReferenceBackend.INSTANCE.maxPoolBackward(TensorInternals.doubles(gc), gc.offset(), idx, pl.planes, pl.h, pl.w, wy, wx, gx);
            return new Tensor[] {TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(gx), pl.shape))};
        }
    }

    // -------------------------------------------------------------- average

    /**
     * {@return 1-D average pooling with zero padding}
     *
     *
     * @param stride the step between windows ({@code kernelSize} for PyTorch's default)
     * @param countIncludePad divide by the window size including padding (else by the real elements)
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param padding the implicit padding on both sides (−∞ for max, 0 for average), at most half the window
     * @param rounding how the output length is rounded: down (whole windows) or up (a last partial window)
     */
    public static Tensor avgPool1d(Tensor input, int kernelSize, int stride, int padding, Rounding rounding,
            boolean countIncludePad) {
        return avgPool("avg_pool1d", input, false, new int[] {1, kernelSize}, new int[] {1, stride}, new int[] {0, padding},
                rounding == Rounding.CEIL, countIncludePad, null);
    }

    /**
     * {@return {@code avg_pool2d} with the given kernel size (stride = kernel, no padding)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     */
    public static Tensor avgPool2d(Tensor input, int kernelSize) {
        return avgPool2d(input, new int[] {kernelSize}, null, new int[] {0}, false, true, null);
    }

    /**
     * {@return 2-D average pooling with zero padding} Per dimension the window {@code [i·s − p, i·s − p + k)}
     * is clipped to {@code [−p, L + p)} to give the pool size and to {@code [0, L)} to give the
     * summed elements; the divisor is {@code divisorOverride} if given, else the product of pool
     * sizes with {@code countIncludePad}, else the number of real elements.
     *
     *
     * @param stride one value, a pair, or null for the kernel size
     * @param divisorOverride null, or a positive divisor used for every window
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param kernelSize the window size (one value for every spatial dimension, or one per dimension)
     * @param padding the implicit padding on both sides (−∞ for max, 0 for average), at most half the window
     * @param ceilMode true to round the output size up (a last partial window), false to round it down
     * @param countIncludePad true to divide by the window size including padding, false by the real elements
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad, Integer divisorOverride) {
        String op = "avg_pool2d";
        int[] k = Convolution.pair(op, "kernel_size", kernelSize);
        return avgPool(op, input, true, k, stride == null ? k : Convolution.pair(op, "stride", stride),
                Convolution.pair(op, "padding", padding), ceilMode, countIncludePad, divisorOverride);
    }

    private static Tensor avgPool(String op, Tensor x, boolean twoD, int[] k, int[] s, int[] p, boolean ceil,
            boolean countIncludePad, Integer divisorOverride) {
        Planes pl = planes(op, x, twoD);
        int[] one = {1, 1};
        checkWindow(op, k, s, p, one);
        for (int i = 0; i < 2; i++) {
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + p[i] + " should be at most half of kernel size "
                        + k[i]);
            }
        }
        if (divisorOverride != null && divisorOverride <= 0) {
            throw new IllegalArgumentException(op + ": divisor_override must be positive, got " + divisorOverride);
        }
        int oh = pooledSize(op, pl.h, k[0], s[0], p[0], 1, ceil);
        int ow = pooledSize(op, pl.w, k[1], s[1], p[1], 1, ceil);
        PoolWindows wy = PoolWindows.sliding(pl.h, oh, k[0], s[0], p[0], 1);
        PoolWindows wx = PoolWindows.sliding(pl.w, ow, k[1], s[1], p[1], 1);
        double[] div = new double[oh * ow];
        for (int oy = 0; oy < oh; oy++) {
            int sy = oy * s[0] - p[0];
            int poolY = Math.min(sy + k[0], pl.h + p[0]) - sy;
            for (int ox = 0; ox < ow; ox++) {
                int sx = ox * s[1] - p[1];
                int poolX = Math.min(sx + k[1], pl.w + p[1]) - sx;
                div[oy * ow + ox] = divisorOverride != null ? divisorOverride
                        : countIncludePad ? (double) poolY * poolX : (double) wy.count(oy) * wx.count(ox);
            }
        }
        Tensor out = averageOver(x, pl, wy, wx, div);
        if (Tracing.isRecording()) {
            Map<String, Object> attributes = windowAttributes(twoD, k, s, p, one, ceil);
            attributes.put("count_include_pad", countIncludePad);
            if (divisorOverride != null) {
                attributes.put("divisor_override", divisorOverride);
            }
            Tracing.record("avg_pool", out, attributes, x);
        }
        return out;
    }

    /**
     * The window of a pooling as a {@link Trace} reports it, per spatial dimension (one for the
     * 1-d poolings, whose first entries here are the dummy height): kernel, stride, dilation, and
     * pads as all begins then all ends.
     */
    private static Map<String, Object> windowAttributes(boolean twoD, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int from = twoD ? 0 : 1;
        int rank = 2 - from;
        int[] pads = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            pads[i] = p[from + i];
            pads[rank + i] = p[from + i];
        }
        return new HashMap<>(Map.of("kernel", Arrays.copyOfRange(k, from, 2), "stride", Arrays.copyOfRange(s, from, 2),
                "pads", pads, "dilation", Arrays.copyOfRange(d, from, 2), "ceil_mode", ceil));
    }

    // ------------------------------------------------------------- adaptive

    /**
     * {@return adaptive 1-D average pooling to {@code outputSize}: bin i covers {@code [floor(i·L/O), ceil((i+1)·L/O))}}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param outputSize the output's spatial size (one value per spatial dimension)
     */
    public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        Planes pl = planes("adaptive_avg_pool1d", input, false);
        checkOutputSize("adaptive_avg_pool1d", new int[] {outputSize});
        Tensor out = adaptiveAvg(input, pl, 1, outputSize);
        if (Tracing.isRecording()) {
            Tracing.record("adaptive_avg_pool", out, Map.of("output_size", new int[] {outputSize}), input);
        }
        return out;
    }

    /**
     * {@return adaptive 2-D average pooling to {@code outputSize} (one value or (oh, ow))}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param outputSize the output's spatial size (one value per spatial dimension)
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
        String op = "adaptive_avg_pool2d";
        Planes pl = planes(op, input, true);
        int[] o = Convolution.pair(op, "output_size", outputSize);
        checkOutputSize(op, o);
        Tensor out = adaptiveAvg(input, pl, o[0], o[1]);
        if (Tracing.isRecording()) {
            Tracing.record("adaptive_avg_pool", out, Map.of("output_size", o.clone()), input);
        }
        return out;
    }

    /**
     * {@return adaptive 2-D max pooling to {@code outputSize} (one value or (oh, ow))}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param outputSize the output's spatial size (one value per spatial dimension)
     */
    public static Tensor adaptiveMaxPool2d(Tensor input, int[] outputSize) {
        String op = "adaptive_max_pool2d";
        Planes pl = planes(op, input, true);
        int[] o = Convolution.pair(op, "output_size", outputSize);
        checkOutputSize(op, o);
        Tensor out = maxOver(input, pl, PoolWindows.adaptive(pl.h, o[0]), PoolWindows.adaptive(pl.w, o[1]), false)
                .values();
        if (Tracing.isRecording()) {
            Tracing.record("adaptive_max_pool", out, Map.of("output_size", o.clone()), input);
        }
        return out;
    }

    /**
     * {@return adaptive 2-D max pooling, also returning the position {@code h·W + w} of each maximum (int64)}
     *
     * @param input (N, C, L) or (C, L) for 1-D, (N, C, H, W) or (C, H, W) for 2-D
     * @param outputSize the output's spatial size (one value per spatial dimension)
     */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int[] outputSize) {
        String op = "adaptive_max_pool2d";
        Planes pl = planes(op, input, true);
        int[] o = Convolution.pair(op, "output_size", outputSize);
        checkOutputSize(op, o);
        if (pl.h == 0 || pl.w == 0) {
            throw new IllegalArgumentException(op + ": empty input plane " + Shape.str(input.shape()));
        }
        return maxOver(input, pl, PoolWindows.adaptive(pl.h, o[0]), PoolWindows.adaptive(pl.w, o[1]), true);
    }

    private static Tensor adaptiveAvg(Tensor x, Planes pl, int oh, int ow) {
        PoolWindows wy = PoolWindows.adaptive(pl.h, oh);
        PoolWindows wx = PoolWindows.adaptive(pl.w, ow);
        double[] div = new double[oh * ow];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                div[oy * ow + ox] = (double) wy.count(oy) * wx.count(ox);
            }
        }
        return averageOver(x, pl, wy, wx, div);
    }

    private static Tensor averageOver(Tensor x, Planes pl, PoolWindows wy, PoolWindows wx, double[] div) {
        int oh = wy.size(), ow = wx.size();
        Tensor xc = x.detach().contiguous();
        int n = pl.planes * oh * ow;
        Tensor out;
        if (x.dtype() == DType.FLOAT32) {
            float[] o = new float[n];
            xc.device().backend().avgPool(TensorInternals.floats(xc), xc.offset(), pl.planes, pl.h, pl.w, wy, wx, div, o);
            out = TensorInternals.wrap(Storage.wrap(o), pl.outShape(oh, ow));
        } else {
            double[] o = new double[n];
            ReferenceBackend.INSTANCE.avgPool(TensorInternals.doubles(xc), xc.offset(), pl.planes, pl.h, pl.w, wy, wx, div, o);
            out = TensorInternals.wrap(Storage.wrap(o), pl.outShape(oh, ow));
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new AvgPoolBackward(x, pl, wy, wx, div));
        }
        return out;
    }

    /** Each window's gradient, divided by its divisor, is spread over the window's real elements. */
    private static final class AvgPoolBackward extends LibraryNode {
        private final Planes pl;
        private final PoolWindows wy;
        private final PoolWindows wx;
        private final double[] div;

        AvgPoolBackward(Tensor x, Planes pl, PoolWindows wy, PoolWindows wx, double[] div) {
            super(x);
            this.pl = pl;
            this.wy = wy;
            this.wx = wx;
            this.div = div;
        }

        @Override
        public String name() {
            return "AvgPoolBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            int n = Shape.numel(pl.shape);
            Tensor gx;
            if (g.dtype() == DType.FLOAT32) {
                float[] a = Workspace.floats(n); // written whole
                gc.device().backend().avgPoolBackward(TensorInternals.floats(gc), gc.offset(), pl.planes, pl.h, pl.w, wy, wx, div, a);
                gx = TensorInternals.wrap(Storage.wrap(a), pl.shape);
            } else {
                double[] a = Workspace.doubles(n);
                ReferenceBackend.INSTANCE.avgPoolBackward(TensorInternals.doubles(gc), gc.offset(), pl.planes, pl.h, pl.w, wy, wx, div, a);
                gx = TensorInternals.wrap(Storage.wrap(a), pl.shape);
            }
            return new Tensor[] {TensorInternals.markExclusiveGrad(gx)};
        }
    }

    /**
     * The mean over a sliding window of channels, for local response norm: for x (N, C, R),
     * {@code out[n, c, r] = (1/size) Σ_{c' = c − floor(size/2)}^{c + floor((size−1)/2)} x[n, c', r]},
     * with channels outside [0, C) counting as zero and the divisor always {@code size}.
     */
    static Tensor channelWindowMean(Tensor x, int size) {
        int c = x.size(1), r = x.size(2);
        Planes pl = new Planes(x.shape(), x.size(0), c, r, true);
        int[] starts = new int[c];
        int[] counts = new int[c];
        for (int o = 0; o < c; o++) {
            int lo = Math.max(0, o - size / 2);
            int hi = Math.min(c - 1, o + (size - 1) / 2);
            starts[o] = lo;
            counts[o] = Math.max(0, hi - lo + 1);
        }
        int[] ids = new int[r];
        int[] ones = new int[r];
        for (int i = 0; i < r; i++) {
            ids[i] = i;
            ones[i] = 1;
        }
        double[] div = new double[c * r];
        java.util.Arrays.fill(div, size);
        return averageOver(x, pl, new PoolWindows(starts, counts, 1), new PoolWindows(ids, ones, 1), div);
    }

    // -------------------------------------------------------------- helpers

    /** The input seen as {@code planes} planes of {@code h × w} (h = 1 for 1-D pooling). */
    private record Planes(int[] shape, int planes, int h, int w, boolean twoD) {
        int[] outShape(int oh, int ow) {
            int[] s = shape.clone();
            if (twoD) {
                s[s.length - 2] = oh;
            }
            s[s.length - 1] = ow;
            return s;
        }
    }

    private static Planes planes(String op, Tensor x, boolean twoD) {
        int spatial = twoD ? 2 : 1;
        if (x.dim() != spatial + 1 && x.dim() != spatial + 2) {
            throw new IllegalArgumentException(op + ": expected a " + (spatial + 1) + "-D or " + (spatial + 2)
                    + "-D input, got " + Shape.str(x.shape()));
        }
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 input, got " + x.dtype());
        }
        int[] s = x.shape();
        int w = s[s.length - 1];
        int h = twoD ? s[s.length - 2] : 1;
        int planes = x.numel() / Math.max(1, h * w);
        if (h * w == 0 && x.numel() == 0) {
            planes = 0;
        }
        return new Planes(s, planes, h, w, twoD);
    }

    private static void checkWindow(String op, int[] k, int[] s, int[] p, int[] d) {
        for (int i = 0; i < 2; i++) {
            if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0) {
                throw new IllegalArgumentException(op + ": kernel_size, stride and dilation must be positive and padding "
                        + "non-negative, got kernel_size " + Shape.str(k) + ", stride " + Shape.str(s) + ", padding "
                        + Shape.str(p) + ", dilation " + Shape.str(d));
            }
        }
    }

    private static void checkOutputSize(String op, int[] o) {
        for (int v : o) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": output_size must be positive, got " + Shape.str(o));
            }
        }
    }

    /** {@code floor_or_ceil((len + 2p − d·(k − 1) − 1)/s) + 1}, minus the last window if it starts in the right padding. */
    static int pooledSize(String op, int len, int k, int s, int p, int d, boolean ceil) {
        int num = len + 2 * p - d * (k - 1) - 1;
        if (num < 0) {
            throw new IllegalArgumentException(op + ": kernel size " + k + " (dilation " + d + ") is larger than the "
                    + "padded input length " + (len + 2 * p));
        }
        int o = (ceil ? (num + s - 1) / s : num / s) + 1;
        if (ceil && (long) (o - 1) * s >= len + p) {
            o--;
        }
        return o;
    }
}
