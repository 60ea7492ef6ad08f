package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.cpu.ConvGeometry;
import dev.kiln.backend.cpu.ScratchPool;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.HashMap;
import java.util.Map;

/**
 * Convolution and transposed convolution over 1-D and 2-D signals (PyTorch's {@code F.conv1d},
 * {@code F.conv2d}, {@code F.conv_transpose1d}, {@code F.conv_transpose2d}).
 *
 * <p>Convolution is cross-correlation with zero padding:
 * <pre>
 *   out[n, o, y, x] = bias[o] + Σ_{c ∈ group(o)} Σ_{i,j} weight[o, c, i, j] · in[n, c, y·sh − ph + i·dh, x·sw − pw + j·dw]
 * </pre>
 * with output size {@code floor((L + 2p − d·(k − 1) − 1)/s) + 1} per spatial dimension. It is
 * lowered to matrix products: the input is unfolded into a column matrix ({@link dev.kiln.backend.Backend#im2col}, kept
 * for the backward pass in a pooled buffer that is handed back when the graph is freed), then
 * multiplied by the weight, per sample with one {@code bmm} (or, with groups, one {@code mm} per
 * group over the whole batch). The backward pass is two more products (the weight gradient as one
 * product over the whole batch) and a col2im. A float32 convolution with groups = 1 and few output
 * channels (≤ {@value FewChannelConv#MAX_CHANNELS}) takes {@link FewChannelConv} instead: direct
 * stride-1 kernels, or the same lowering one sample at a time with products that read the column
 * matrix in place. Transposed
 * convolution is the gradient of convolution with respect to its input, computed with the same
 * pieces in the other order.
 *
 * <p>Shapes: input (N, C_in, L) or (N, C_in, H, W); conv weight (C_out, C_in/groups, k…);
 * transposed-conv weight (C_in, C_out/groups, k…); bias (C_out) or null. Inputs are float32 or
 * float64, all of one dtype.
 *
 * <pre>{@code
 * Tensor y = Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1}, 1);
 * }</pre>
 */
@SuppressWarnings("try") // no-grad scopes are never referenced in their bodies
public final class Convolution {
    /**
     * Output planes (oh·ow) from which the forward runs one product per sample; below it one product
     * W (C_out, K) × col (K, N·P) over the whole batch and a transpose into (N, C_out, P) is several times
     * faster (ResNet-18's 8×8 and 4×4 stages: per-sample products of 64 or 16 columns keep the GEMM
     * starved). Measured on W8's layers: equal at P = 256, per-sample 15% faster at P = 1024.
     */
    private static final int PER_SAMPLE_PLANE = 512;

    private Convolution() {
    }

    // ---------------------------------------------------------------- conv1d

    /**
     * {@return {@code conv1d(input, weight, bias)} with stride 1, no padding, dilation 1, one group}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv1d(input, weight, bias, 1, 0, 1, 1);
    }

    /**
     * 1-D convolution.
     *
     *
     * @param input (N, C_in, L)
     * @param weight (C_out, C_in/groups, k)
     * @param bias (C_out) or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or "same"/"valid"
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the input and output channels are split into (divides both)
     * @return (N, C_out, floor((L + 2·padding − dilation·(k − 1) − 1)/stride) + 1)
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv1d(input, weight, bias, stride, new int[] {padding, padding}, dilation, groups);
    }

    /**
     * {@return 1-D convolution with padding {@code "same"} (output length = input length; stride 1) or
     * {@code "valid"} (no padding)}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or "same"/"valid"
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the input and output channels are split into (divides both)
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        check1d("conv1d", input, weight);
        int[] pad = stringPadding("conv1d", padding, new int[] {stride}, new int[] {dilation},
                new int[] {weight.size(2)});
        return conv1d(input, weight, bias, stride, pad, dilation, groups);
    }

    private static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int[] padBeforeAfter, int dilation,
            int groups) {
        check1d("conv1d", input, weight);
        int[] s = input.shape();
        int[] ws = weight.shape();
        Tensor out = conv2dCore("conv1d", input.reshape(s[0], s[1], 1, s[2]), weight.reshape(ws[0], ws[1], 1, ws[2]), bias,
                new int[] {1, stride}, new int[] {0, padBeforeAfter[0]}, new int[] {0, padBeforeAfter[1]},
                new int[] {1, dilation}, groups);
        int[] os = out.shape();
        Tensor y = out.reshape(os[0], os[1], os[3]);
        recordConv("conv", y, input, weight, bias, new int[] {stride}, new int[] {padBeforeAfter[0]},
                new int[] {padBeforeAfter[1]}, new int[] {dilation}, groups, null);
        return y;
    }

    // ---------------------------------------------------------------- conv2d

    /**
     * {@return {@code conv2d(input, weight, bias)} with stride 1, no padding, dilation 1, one group}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    /**
     * 2-D convolution.
     *
     * @param input (N, C_in, H, W)
     * @param weight (C_out, C_in/groups, kh, kw)
     * @param bias (C_out) or null
     * @param stride one value for both dimensions, or (sh, sw)
     * @param padding zero padding on both sides: one value, or (ph, pw)
     * @param dilation one value, or (dh, dw)
     * @param groups C_in and C_out are split into this many groups, each convolved separately
     * @return (N, C_out, oh, ow), {@code oh = floor((H + 2ph − dh·(kh − 1) − 1)/sh) + 1}
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        int[] p = pair("conv2d", "padding", padding);
        return conv2dCore("conv2d", input, weight, bias, pair("conv2d", "stride", stride), p, p,
                pair("conv2d", "dilation", dilation), groups);
    }

    /**
     * {@return 2-D convolution with padding {@code "same"} (stride 1; a total of {@code d·(k − 1)} per
     * dimension, {@code total/2} on the top/left and the remainder on the bottom/right) or
     * {@code "valid"} (no padding)}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or "same"/"valid"
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the input and output channels are split into (divides both)
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D weight (C_out, C_in/groups, kh, kw), got "
                    + Shape.str(weight.shape()));
        }
        int[] s = pair("conv2d", "stride", stride);
        int[] d = pair("conv2d", "dilation", dilation);
        int[] k = {weight.size(2), weight.size(3)};
        int[] before = new int[2];
        int[] after = new int[2];
        for (int i = 0; i < 2; i++) {
            int[] ba = stringPadding("conv2d", padding, new int[] {s[i]}, new int[] {d[i]}, new int[] {k[i]});
            before[i] = ba[0];
            after[i] = ba[1];
        }
        return conv2dCore("conv2d", input, weight, bias, s, before, after, d, groups);
    }

    // ------------------------------------------------------- transposed conv

    /**
     * 1-D transposed convolution.
     *
     *
     * @param input (N, C_in, L)
     * @param weight (C_in, C_out/groups, k)
     * @param bias (C_out) or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or "same"/"valid"
     * @param outputPadding added to one side of the output; smaller than the stride or the dilation
     * @param groups the number of groups the input and output channels are split into (divides both)
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @return (N, C_out, (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1)
     */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int groups, int dilation) {
        check1d("conv_transpose1d", input, weight);
        int[] s = input.shape();
        int[] ws = weight.shape();
        Tensor out = convTranspose2dCore("conv_transpose1d", input.reshape(s[0], s[1], 1, s[2]),
                weight.reshape(ws[0], ws[1], 1, ws[2]), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {0, outputPadding}, groups, new int[] {1, dilation});
        int[] os = out.shape();
        Tensor y = out.reshape(os[0], os[1], os[3]);
        recordConv("conv_transpose", y, input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {padding},
                new int[] {dilation}, groups, new int[] {outputPadding});
        return y;
    }

    /**
     * 2-D transposed convolution: the gradient of {@link #conv2d} with respect to its input.
     *
     *
     * @param input (N, C_in, H, W)
     * @param weight (C_in, C_out/groups, kh, kw)
     * @param bias (C_out) or null
     * @param stride one value, or (sh, sw)
     * @param padding one value, or (ph, pw): removed from both sides of the full output
     * @param outputPadding one value, or a pair: added to the bottom/right of the output; each
     *     must be smaller than the stride or the dilation
     * @param groups the number of groups the input and output channels are split into (divides both)
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @return (N, C_out, (H − 1)·sh − 2ph + dh·(kh − 1) + oph + 1, …)
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        return convTranspose2dCore("conv_transpose2d", input, weight, bias, pair("conv_transpose2d", "stride", stride),
                pair("conv_transpose2d", "padding", padding), pair("conv_transpose2d", "output_padding", outputPadding),
                groups, pair("conv_transpose2d", "dilation", dilation));
    }

    // ------------------------------------------------------------ the cores

    /**
     * Reports a convolution to an open {@link Trace}: {@code stride}, {@code dilation} and the
     * {@code pads} per spatial dimension, all begins then all ends (ONNX's order); a transposed
     * convolution adds {@code output_padding}.
     */
    private static void recordConv(String name, Tensor out, Tensor x, Tensor w, Tensor b, int[] stride, int[] padBefore,
            int[] padAfter, int[] dilation, int groups, int[] outputPadding) {
        if (!Tracing.isRecording()) {
            return;
        }
        int[] pads = new int[padBefore.length * 2];
        for (int i = 0; i < padBefore.length; i++) {
            pads[i] = padBefore[i];
            pads[i + padBefore.length] = padAfter[i];
        }
        Map<String, Object> attributes = new HashMap<>(Map.of("stride", stride.clone(), "pads", pads,
                "dilation", dilation.clone(), "groups", groups));
        if (outputPadding != null) {
            attributes.put("output_padding", outputPadding.clone());
        }
        Tracing.record(name, out, attributes, x, w, b);
    }

    private static Tensor conv2dCore(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padBefore,
            int[] padAfter, int[] dilation, int groups) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C_in, …) and weight (C_out, C_in/groups, k…) of "
                    + "matching rank, got input " + Shape.str(x.shape()) + " and weight " + Shape.str(w.shape()));
        }
        checkTypes(op, x, w, b);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int co = w.size(0), kh = w.size(2), kw = w.size(3);
        if (groups < 1 || c % groups != 0 || co % groups != 0 || w.size(1) * groups != c) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " with groups=" + groups
                    + " does not fit weight " + Shape.str(w.shape()) + " (expected C_in = weight.size(1)·groups and "
                    + "C_out divisible by groups)");
        }
        checkBias(op, b, co);
        checkPositive(op, stride, dilation);
        if (padBefore[0] < 0 || padBefore[1] < 0 || padAfter[0] < 0 || padAfter[1] < 0) {
            throw new IllegalArgumentException(op + ": padding must be non-negative");
        }
        int oh = (h + padBefore[0] + padAfter[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
        int ow = (wd + padBefore[1] + padAfter[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
        if (h + padBefore[0] + padAfter[0] - dilation[0] * (kh - 1) - 1 < 0
                || wd + padBefore[1] + padAfter[1] - dilation[1] * (kw - 1) - 1 < 0) {
            throw new IllegalArgumentException(op + ": kernel " + Shape.str(w.shape()) + " (dilated) is larger than the "
                    + "padded input " + Shape.str(x.shape()));
        }
        ConvGeometry g = new ConvGeometry(c, h, wd, kh, kw, stride[0], stride[1], padBefore[0], padBefore[1],
                dilation[0], dilation[1], oh, ow);
        if (FewChannelConv.applies(x, w, b, groups)) {
            Tensor out = FewChannelConv.forward(x, w, b, g);
            recordConv("conv", out, x, w, b, stride, padBefore, padAfter, dilation, groups, null);
            return out;
        }
        Tensor col = unfold(x.detach().contiguous(), n, g);
        Tensor w2 = w.detach().contiguous().reshape(co, c / groups * kh * kw);
        Tensor out;
        try (var scope = GradMode.disabled()) {
            if (groups == 1 && g.outPlane() >= PER_SAMPLE_PLANE) {
                // one product per sample, W (C_out, K) × col[:, n·P : (n+1)·P], written straight into (N, C_out, P)
                int k = g.colRows(), p = g.outPlane();
                out = dense(w2.expand(n, co, k).bmm(col.view(k, n, p).permute(1, 0, 2))).view(n, co, oh, ow);
                if (b != null) {
                    addChannelBias(out, b.detach().contiguous());
                }
            } else {
                out = Tensor.empty(x.dtype(), n, co, oh, ow);
                productToBatch(w2, col, groups, out, b == null ? null : b.detach().contiguous());
            }
        }
        recordConv("conv", out, x, w, b, stride, padBefore, padAfter, dilation, groups, null);
        if (Engine.needsGrad(x, w, b)) {
            Engine.record(out, new ConvBackward(x, w, b, col, w2, g, groups));
        } else {
            ScratchPool.recycle(col);
        }
        return out;
    }

    /** Backward of convolution: dW = grad·colᵀ, dX = col2im(Wᵀ·grad), db = Σ grad. */
    private static final class ConvBackward extends LibraryNode {
        private Tensor col;
        private final Tensor w2;
        private final ConvGeometry g;
        private final int groups;
        private final int[] weightShape;

        ConvBackward(Tensor x, Tensor w, Tensor b, Tensor col, Tensor w2, ConvGeometry g, int groups) {
            super(x, w, b);
            this.col = col;
            this.w2 = w2;
            this.g = g;
            this.groups = groups;
            this.weightShape = w.shape();
        }

        @Override
        public String name() {
            return "ConvolutionBackward";
        }

        @Override
        protected void onRelease() {
            ScratchPool.recycle(col);
            col = null;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int n = grad.size(0), co = grad.size(1);
            Tensor gx = null, gw = null, gb = null;
            if (needsGrad(2)) {
                gb = grad.sum(new int[] {0, 2, 3}, false);
            }
            if (!needsGrad(0) && !needsGrad(1)) {
                return new Tensor[] {gx, gw, gb};
            }
            Tensor gm = toChannelMajor(grad.contiguous(), n, co, g.outPlane());
            int cog = co / groups;
            int k = g.colRows() / groups;
            if (needsGrad(1)) {
                Tensor[] parts = new Tensor[groups];
                for (int gi = 0; gi < groups; gi++) {
                    parts[gi] = gm.narrow(0, gi * cog, cog).mm(col.narrow(0, gi * k, k).t());
                }
                gw = rowsConcat(parts, co, k).reshape(weightShape);
            }
            if (needsGrad(0)) {
                if (groups == 1 && gm.dtype() == DType.FLOAT32) {
                    // dcol = Wᵀ·dY into a pooled buffer (W read transposed in place), then folded back
                    int np = n * g.outPlane();
                    Tensor gcol = scratch(DType.FLOAT32, k, np);
                    gm.device().backend().gemm(k, np, co, 1f, TensorInternals.floats(w2), w2.offset(), 1, k, TensorInternals.floats(gm), gm.offset(), np, 1,
                            0f, TensorInternals.floats(gcol), gcol.offset(), np);
                    gx = fold(gcol, n, g);
                    ScratchPool.recycle(gcol);
                } else if (groups == 1) {
                    gx = fold(w2.t().mm(gm), n, g);
                } else {
                    Tensor gcol = scratch(grad.dtype(), g.colRows(), n * g.outPlane());
                    for (int gi = 0; gi < groups; gi++) {
                        Tensor part = w2.narrow(0, gi * cog, cog).t().mm(gm.narrow(0, gi * cog, cog));
                        copyRows(part, gcol, gi * k);
                    }
                    gx = fold(gcol, n, g);
                    ScratchPool.recycle(gcol);
                }
            }
            ScratchPool.recycle(gm);
            return new Tensor[] {gx, gw, gb};
        }
    }

    private static Tensor convTranspose2dCore(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C_in, …) and weight (C_in, C_out/groups, k…) of "
                    + "matching rank, got input " + Shape.str(x.shape()) + " and weight " + Shape.str(w.shape()));
        }
        checkTypes(op, x, w, b);
        int n = x.size(0), ci = x.size(1), hi = x.size(2), wi = x.size(3);
        int cog = w.size(1), kh = w.size(2), kw = w.size(3);
        if (groups < 1 || w.size(0) != ci || ci % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " with groups=" + groups
                    + " does not fit weight " + Shape.str(w.shape()) + " (expected weight.size(0) = C_in, divisible by groups)");
        }
        int co = cog * groups;
        checkBias(op, b, co);
        checkPositive(op, stride, dilation);
        for (int i = 0; i < 2; i++) {
            if (padding[i] < 0 || outputPadding[i] < 0) {
                throw new IllegalArgumentException(op + ": padding and output_padding must be non-negative");
            }
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(op + ": output_padding " + outputPadding[i]
                        + " must be smaller than either stride " + stride[i] + " or dilation " + dilation[i]);
            }
        }
        int ho = (hi - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
        int wo = (wi - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
        if (ho <= 0 || wo <= 0) {
            throw new IllegalArgumentException(op + ": output size (" + ho + ", " + wo + ") is not positive for input "
                    + Shape.str(x.shape()) + " and weight " + Shape.str(w.shape()));
        }
        ConvGeometry g = new ConvGeometry(co, ho, wo, kh, kw, stride[0], stride[1], padding[0], padding[1],
                dilation[0], dilation[1], hi, wi);
        int cig = ci / groups;
        int k = cog * kh * kw;
        Tensor w2 = w.detach().contiguous().reshape(ci, k);
        Tensor xm = toChannelMajor(x.detach().contiguous(), n, ci, hi * wi);
        Tensor out;
        try (var scope = GradMode.disabled()) {
            if (groups == 1) {
                out = fold(w2.t().mm(xm), n, g);
            } else {
                Tensor col = scratch(x.dtype(), g.colRows(), n * hi * wi);
                for (int gi = 0; gi < groups; gi++) {
                    copyRows(w2.narrow(0, gi * cig, cig).t().mm(xm.narrow(0, gi * cig, cig)), col, gi * k);
                }
                out = fold(col, n, g);
                ScratchPool.recycle(col);
            }
            if (b != null) {
                out = out.add(b.detach().reshape(1, co, 1, 1));
            }
        }
        recordConv("conv_transpose", out, x, w, b, stride, padding, padding, dilation, groups, outputPadding);
        if (Engine.needsGrad(x, w, b)) {
            Engine.record(out, new ConvTransposeBackward(x, w, b, xm, w2, g, groups));
        } else {
            ScratchPool.recycle(xm);
        }
        return out;
    }

    /** Backward of transposed convolution: dX = W·im2col(grad), dW = X·im2col(grad)ᵀ, db = Σ grad. */
    private static final class ConvTransposeBackward extends LibraryNode {
        private Tensor xm;
        private final Tensor w2;
        private final ConvGeometry g;
        private final int groups;
        private final int[] weightShape;

        ConvTransposeBackward(Tensor x, Tensor w, Tensor b, Tensor xm, Tensor w2, ConvGeometry g, int groups) {
            super(x, w, b);
            this.xm = xm;
            this.w2 = w2;
            this.g = g;
            this.groups = groups;
            this.weightShape = w.shape();
        }

        @Override
        public String name() {
            return "ConvolutionTransposeBackward";
        }

        @Override
        protected void onRelease() {
            ScratchPool.recycle(xm);
            xm = null;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int n = grad.size(0);
            Tensor gcol = unfold(grad.contiguous(), n, g);
            int ci = w2.size(0), cig = ci / groups, k = w2.size(1);
            Tensor gx = null, gw = null, gb = null;
            if (needsGrad(0)) {
                gx = Tensor.empty(grad.dtype(), n, ci, g.oh(), g.ow());
                productToBatch(w2, gcol, groups, gx, null);
            }
            if (needsGrad(1)) {
                Tensor[] parts = new Tensor[groups];
                for (int gi = 0; gi < groups; gi++) {
                    parts[gi] = xm.narrow(0, gi * cig, cig).mm(gcol.narrow(0, gi * k, k).t());
                }
                gw = rowsConcat(parts, ci, k).reshape(weightShape);
            }
            if (needsGrad(2)) {
                gb = grad.sum(new int[] {0, 2, 3}, false);
            }
            ScratchPool.recycle(gcol);
            return new Tensor[] {gx, gw, gb};
        }
    }

    // ------------------------------------------------------------- helpers

    /** A dense (rows, cols) tensor on a pooled array with arbitrary contents (see {@link ScratchPool}). */
    private static Tensor scratch(DType type, int rows, int cols) {
        if (type == DType.FLOAT32) {
            return TensorInternals.wrap(Storage.wrap(ScratchPool.floats(rows * cols)), rows, cols);
        }
        return TensorInternals.wrap(Storage.wrap(ScratchPool.doubles(rows * cols)), rows, cols);
    }

    /** im2col of a contiguous (N, C, H, W) tensor into a (C·kh·kw, N·oh·ow) tensor. */
    private static Tensor unfold(Tensor x, int n, ConvGeometry g) {
        Tensor col = scratch(x.dtype(), g.colRows(), n * g.outPlane());
        if (x.dtype() == DType.FLOAT32) {
            x.device().backend().im2col(TensorInternals.floats(x), x.offset(), n, g, TensorInternals.floats(col));
        } else {
            ReferenceBackend.INSTANCE.im2col(TensorInternals.doubles(x), x.offset(), n, g, TensorInternals.doubles(col));
        }
        return col;
    }

    /** col2im of a (C·kh·kw, N·oh·ow) tensor into a new (N, C, H, W) tensor. */
    private static Tensor fold(Tensor col, int n, ConvGeometry g) {
        Tensor c = dense(col);
        if (c.dtype() == DType.FLOAT32) {
            float[] x = new float[n * g.channels() * g.inPlane()];
            c.device().backend().col2im(TensorInternals.floats(c), n, g, x, 0);
            return TensorInternals.wrap(Storage.wrap(x), n, g.channels(), g.h(), g.w());
        }
        double[] x = new double[n * g.channels() * g.inPlane()];
        ReferenceBackend.INSTANCE.col2im(TensorInternals.doubles(c), n, g, x, 0);
        return TensorInternals.wrap(Storage.wrap(x), n, g.channels(), g.h(), g.w());
    }

    /** (N, C, P…) contiguous → (C, N·P), on a pooled array. */
    private static Tensor toChannelMajor(Tensor x, int n, int c, int p) {
        Tensor m = scratch(x.dtype(), c, n * p);
        if (x.dtype() == DType.FLOAT32) {
            x.device().backend().toChannelMajor(TensorInternals.floats(x), x.offset(), c, 0, c, n, p, TensorInternals.floats(m));
        } else {
            ReferenceBackend.INSTANCE.toChannelMajor(TensorInternals.doubles(x), x.offset(), c, 0, c, n, p, TensorInternals.doubles(m));
        }
        return m;
    }

    /**
     * out (N, C_out, P) = per group, W_g (C_out/groups, K) × col_g (K, N·P), plus bias; the
     * result is written into {@code out}'s storage, which must be a fresh contiguous tensor.
     */
    private static void productToBatch(Tensor w2, Tensor col, int groups, Tensor out, Tensor bias) {
        int n = out.size(0), co = out.size(1), p = out.numel() / Math.max(1, n * co);
        int cog = co / groups;
        int k = col.size(0) / groups;
        for (int gi = 0; gi < groups; gi++) {
            Tensor wg = groups == 1 ? w2 : w2.narrow(0, gi * cog, cog);
            Tensor cg = groups == 1 ? col : col.narrow(0, gi * k, k);
            Tensor prod = dense(wg.mm(cg));
            if (out.dtype() == DType.FLOAT32) {
                prod.device().backend().fromChannelMajor(TensorInternals.floats(prod), cog, n, p, TensorInternals.floats(out), co, gi * cog,
                        bias == null ? null : TensorInternals.floats(bias), bias == null ? 0 : bias.offset());
            } else {
                ReferenceBackend.INSTANCE.fromChannelMajor(TensorInternals.doubles(prod), cog, n, p, TensorInternals.doubles(out), co, gi * cog,
                        bias == null ? null : TensorInternals.doubles(bias), bias == null ? 0 : bias.offset());
            }
        }
    }

    /** Adds {@code bias[c]} in place to every element of channel c of the dense (N, C, …) tensor {@code out}. */
    private static void addChannelBias(Tensor out, Tensor bias) {
        int n = out.size(0), c = out.size(1), p = out.numel() / Math.max(1, n * c);
        if (out.dtype() == DType.FLOAT32) {
            out.device().backend().addChannelBias(TensorInternals.floats(out), out.offset(), n, c, p, TensorInternals.floats(bias), bias.offset());
        } else {
            ReferenceBackend.INSTANCE.addChannelBias(TensorInternals.doubles(out), out.offset(), n, c, p, TensorInternals.doubles(bias), bias.offset());
        }
    }

    /** A contiguous tensor whose data starts at offset 0 of its storage. */
    private static Tensor dense(Tensor t) {
        if (t.isContiguous() && t.offset() == 0) {
            return t;
        }
        return t.clone();
    }

    /** Copies the 2-D tensor {@code part} into rows {@code [row0, row0 + part.size(0))} of the dense 2-D {@code into}. */
    private static void copyRows(Tensor part, Tensor into, int row0) {
        Tensor p = dense(part);
        int len = p.numel();
        int dst = row0 * into.size(1);
        if (p.dtype() == DType.FLOAT32) {
            System.arraycopy(TensorInternals.floats(p), 0, TensorInternals.floats(into), dst, len);
        } else {
            System.arraycopy(TensorInternals.doubles(p), 0, TensorInternals.doubles(into), dst, len);
        }
    }

    /** Stacks 2-D parts (each (rows/groups, k)) into one (rows, k) tensor. */
    private static Tensor rowsConcat(Tensor[] parts, int rows, int k) {
        if (parts.length == 1) {
            return parts[0];
        }
        Tensor out = Tensor.empty(parts[0].dtype(), rows, k);
        int r = 0;
        for (Tensor part : parts) {
            copyRows(part, out, r);
            r += part.size(0);
        }
        return out;
    }

    private static void check1d(String op, Tensor input, Tensor weight) {
        if (input.dim() != 3 || weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected a 3-D input (N, C, L) and a 3-D weight, got input "
                    + Shape.str(input.shape()) + " and weight " + Shape.str(weight.shape()));
        }
    }

    private static void checkTypes(String op, Tensor x, Tensor w, Tensor b) {
        DType t = x.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 input, got " + t);
        }
        if (w.dtype() != t || (b != null && b.dtype() != t)) {
            throw new IllegalArgumentException(op + ": input, weight and bias must have the same dtype, got " + t + ", "
                    + w.dtype() + (b == null ? "" : ", " + b.dtype()));
        }
    }

    private static void checkBias(String op, Tensor b, int co) {
        if (b != null && (b.dim() != 1 || b.size(0) != co)) {
            throw new IllegalArgumentException(op + ": expected bias of shape (" + co + "), got " + Shape.str(b.shape()));
        }
    }

    private static void checkPositive(String op, int[] stride, int[] dilation) {
        for (int i = 0; i < stride.length; i++) {
            if (stride[i] < 1 || dilation[i] < 1) {
                throw new IllegalArgumentException(op + ": stride and dilation must be positive, got stride "
                        + Shape.str(stride) + ", dilation " + Shape.str(dilation));
            }
        }
    }

    /** One value for every dimension, or one per dimension (two). */
    static int[] pair(String op, String what, int[] v) {
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException(op + ": " + what + " needs one value or two, got "
                    + (v == null ? "null" : Shape.str(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    /** Padding before and after for {@code "same"} or {@code "valid"} along one dimension. */
    private static int[] stringPadding(String op, String padding, int[] stride, int[] dilation, int[] kernel) {
        return switch (padding) {
            case "valid" -> new int[] {0, 0};
            case "same" -> {
                if (stride[0] != 1) {
                    throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions "
                            + "(stride " + stride[0] + ")");
                }
                int total = dilation[0] * (kernel[0] - 1);
                yield new int[] {total / 2, total - total / 2};
            }
            default -> throw new IllegalArgumentException(op + ": padding must be an int, a list, \"same\" or \"valid\", got \""
                    + padding + "\"");
        };
    }
}
