package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
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
 * with output size {@code floor((L + 2p − d·(k − 1) − 1)/s) + 1} per spatial dimension. This class
 * checks the arguments, records the autograd node and dispatches; the arithmetic is the backend's
 * three convolution primitives ({@link dev.kiln.backend.Backend#conv2dForward}, {@code conv2dBackwardInput},
 * {@code conv2dBackwardWeight}; float64 through {@link ReferenceBackend}'s loops), which choose the
 * kernel form by shape. A transposed convolution is the gradient of a convolution with
 * respect to its input, so it is the same three primitives in other roles; a 1-D operation is the 2-D
 * one with a height of 1.
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
     * {@return 1-D convolution with padding {@link Padding#SAME} (output length = input length; stride 1) or
     * {@link Padding#VALID} (no padding): PyTorch's {@code padding="same"/"valid"}}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or the rule {@link Padding#SAME} / {@link Padding#VALID}
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the input and output channels are split into (divides both)
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding, int dilation, int groups) {
        check1d("conv1d", input, weight);
        int[] pad = paddingFor("conv1d", padding, new int[] {stride}, new int[] {dilation},
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
     * {@return 2-D convolution with padding {@link Padding#SAME} (stride 1; a total of {@code d·(k − 1)} per
     * dimension, {@code total/2} on the top/left and the remainder on the bottom/right) or
     * {@link Padding#VALID} (no padding): PyTorch's {@code padding="same"/"valid"}}
     *
     * @param input (N, C_in, L) for 1-D, (N, C_in, H, W) for 2-D
     * @param weight (C_out, C_in/groups, k…) for a convolution, (C_in, C_out/groups, k…) for a transposed one
     * @param bias (C_out), or null
     * @param stride the step between windows
     * @param padding the zero padding on both sides (one value or one per dimension), or the rule {@link Padding#SAME} / {@link Padding#VALID}
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the input and output channels are split into (divides both)
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
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
            int[] ba = paddingFor("conv2d", padding, new int[] {s[i]}, new int[] {d[i]}, new int[] {k[i]});
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

    /** Input and weight are 4-D and of one floating type with the bias; {@code weightLayout} names the weight's dimensions. */
    private static void checkOperands(String op, Tensor x, Tensor w, Tensor b, String weightLayout) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C_in, …) and weight " + weightLayout + " of "
                    + "matching rank, got input " + Shape.str(x.shape()) + " and weight " + Shape.str(w.shape()));
        }
        checkTypes(op, x, w, b);
    }

    private static Tensor conv2dCore(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padBefore,
            int[] padAfter, int[] dilation, int groups) {
        checkOperands(op, x, w, b, "(C_out, C_in/groups, k…)");
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
        Tensor xc = x.detach().contiguous();
        Tensor wc = w.detach().contiguous();
        Tensor out;
        boolean lend = ForwardArrays.lends(n * co * oh * ow); // asked before grad mode is turned off
        try (var scope = GradMode.disabled()) {
            out = forward(g, n, co, groups, xc, wc, b == null ? null : b.detach().contiguous(), lend);
        }
        recordConv("conv", out, x, w, b, stride, padBefore, padAfter, dilation, groups, null);
        if (Engine.needsGrad(x, w, b)) {
            Engine.record(out, new ConvBackward(Role.CONVOLUTION, x, w, b, xc, wc, g, groups));
        }
        return out;
    }

    /** Which way round a {@link ConvBackward} uses the convolution primitives. */
    private enum Role {
        /** y = conv(x, w): dX = backward-input(grad, W), dW = backward-weight(X, grad). */
        CONVOLUTION,
        /**
         * y = conv_transpose(x, w), the convolution's primitives in the other roles: dX = conv(grad, W),
         * dW = the convolution's weight gradient with grad as its input and X as its output gradient.
         */
        TRANSPOSED
    }

    /** Backward of a (transposed) convolution: dX and dW from the primitives by {@link Role}, db = Σ grad over N, H, W. */
    private static final class ConvBackward extends LibraryNode {
        private final Role role;
        private final SavedTensor input;
        private final Tensor weight;
        private final ConvGeometry g;
        private final int groups;

        ConvBackward(Role role, Tensor x, Tensor w, Tensor b, Tensor xc, Tensor wc, ConvGeometry g, int groups) {
            super(x, w, b);
            this.role = role;
            this.input = save(xc);
            this.weight = wc;
            this.g = g;
            this.groups = groups;
        }

        @Override
        public String name() {
            return role == Role.CONVOLUTION ? "ConvolutionBackward" : "ConvolutionTransposeBackward";
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int n = grad.size(0);
            Tensor gy = grad.contiguous();
            Tensor gx = null;
            Tensor gw = null;
            if (role == Role.CONVOLUTION) {
                int co = grad.size(1);
                gx = needsGrad(0) ? backwardInput(g, n, co, groups, gy, weight) : null;
                gw = needsGrad(1) ? backwardWeight(g, n, co, groups, input.get(this), gy, weight.shape()) : null;
            } else {
                int ci = weight.size(0);
                if (needsGrad(0)) {
                    try (var scope = GradMode.disabled()) {
                        gx = forward(g, n, ci, groups, gy, weight, null, false);
                    }
                }
                gw = needsGrad(1) ? backwardWeight(g, n, ci, groups, gy, input.get(this), weight.shape()) : null;
            }
            Tensor gb = needsGrad(2) ? biasGradient(gy) : null;
            return new Tensor[] {gx, gw, gb};
        }
    }

    /**
     * db[c] = Σ_{n, p} dy[n, c, p] for a contiguous (N, C, H, W) gradient: float32 one plane at a time
     * ({@code backend.sum}, summed in float64; no permuted copy of dy), other types as a tensor sum.
     */
    private static Tensor biasGradient(Tensor dy) {
        if (dy.dtype() != DType.FLOAT32) {
            return dy.sum(new int[] {0, 2, 3}, false);
        }
        int n = dy.size(0);
        int co = dy.size(1);
        int p = dy.size(2) * dy.size(3);
        float[] d = TensorInternals.floats(dy);
        Backend backend = dy.device().backend();
        double[] sum = new double[co];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < co; c++) {
                sum[c] += backend.sum(d, dy.offset() + (s * co + c) * p, p);
            }
        }
        float[] db = new float[co];
        for (int c = 0; c < co; c++) {
            db[c] = (float) sum[c];
        }
        return TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(db), co));
    }

    private static Tensor convTranspose2dCore(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        checkOperands(op, x, w, b, "(C_in, C_out/groups, k…)");
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
        Tensor xc = x.detach().contiguous();
        Tensor wc = w.detach().contiguous();
        Tensor out;
        try (var scope = GradMode.disabled()) {
            // the gradient of the convolution (N, co, ho, wo) → (N, ci, hi, wi) whose weight is w
            out = backwardInput(g, n, ci, groups, xc, wc);
            if (b != null) {
                out = out.add(b.detach().reshape(1, co, 1, 1));
            }
        }
        recordConv("conv_transpose", out, x, w, b, stride, padding, padding, dilation, groups, outputPadding);
        if (Engine.needsGrad(x, w, b)) {
            Engine.record(out, new ConvBackward(Role.TRANSPOSED, x, w, b, xc, wc, g, groups));
        }
        return out;
    }

    // ------------------------------------------------------------- helpers

    /**
     * y (N, C_out, oh, ow) = conv(x, w) + b for contiguous x, w and b: the device's backend for float32,
     * the float64 reference loops for float64; into an array lent by the workspace when {@code lend}
     * ({@link ForwardArrays#lends(int)}).
     */
    private static Tensor forward(ConvGeometry g, int n, int co, int groups, Tensor x, Tensor w, Tensor b, boolean lend) {
        int size = n * co * g.outPlane();
        if (x.dtype() == DType.FLOAT32) {
            // inside a library module in a training step: into an array lent by the workspace (written whole);
            // otherwise computed in a workspace array (cache-warm) and copied into a fresh one right after its
            // allocation, which skips the zeroing of the fresh array; the workspace array goes back
            Storage out = lend ? ForwardArrays.lent(size) : null;
            float[] y = lend ? out.floats() : Workspace.floats(size);
            x.device().backend().conv2dForward(g, n, co, groups, TensorInternals.floats(x), x.offset(),
                    TensorInternals.floats(w), w.offset(), b == null ? null : TensorInternals.floats(b),
                    b == null ? 0 : b.offset(), y);
            if (!lend) {
                out = Storage.wrap(java.util.Arrays.copyOf(y, size));
                Workspace.recycle(y);
            }
            return TensorInternals.markFreshOutput(TensorInternals.wrap(out, n, co, g.oh(), g.ow()));
        }
        double[] y = new double[size];
        ReferenceBackend.INSTANCE.conv2dForward(g, n, co, groups, TensorInternals.doubles(x), x.offset(),
                TensorInternals.doubles(w), w.offset(), b == null ? null : TensorInternals.doubles(b), b == null ? 0 : b.offset(), y);
        return TensorInternals.wrap(Storage.wrap(y), n, co, g.oh(), g.ow());
    }

    /** dx (N, C, H, W) of the convolution {@code g} with C_out = co, for contiguous dy and w. */
    private static Tensor backwardInput(ConvGeometry g, int n, int co, int groups, Tensor dy, Tensor w) {
        int size = n * g.channels() * g.inPlane();
        if (dy.dtype() == DType.FLOAT32) {
            float[] dx = Workspace.floats(size);
            dy.device().backend().conv2dBackwardInput(g, n, co, groups, TensorInternals.floats(dy), dy.offset(),
                    TensorInternals.floats(w), w.offset(), dx);
            return TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dx), n, g.channels(), g.h(), g.w()));
        }
        double[] dx = new double[size];
        ReferenceBackend.INSTANCE.conv2dBackwardInput(g, n, co, groups, TensorInternals.doubles(dy), dy.offset(),
                TensorInternals.doubles(w), w.offset(), dx);
        return TensorInternals.wrap(Storage.wrap(dx), n, g.channels(), g.h(), g.w());
    }

    /** dw of the convolution {@code g} with C_out = co, shaped {@code weightShape}, for contiguous x and dy. */
    private static Tensor backwardWeight(ConvGeometry g, int n, int co, int groups, Tensor x, Tensor dy, int[] weightShape) {
        int size = co * g.colRows() / groups;
        if (x.dtype() == DType.FLOAT32) {
            float[] dw = new float[size];
            x.device().backend().conv2dBackwardWeight(g, n, co, groups, TensorInternals.floats(x), x.offset(),
                    TensorInternals.floats(dy), dy.offset(), dw);
            // a fresh array only this result holds: a leaf adopts it as its grad instead of copying it
            return TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dw), weightShape));
        }
        double[] dw = new double[size];
        ReferenceBackend.INSTANCE.conv2dBackwardWeight(g, n, co, groups, TensorInternals.doubles(x), x.offset(),
                TensorInternals.doubles(dy), dy.offset(), dw);
        return TensorInternals.wrap(Storage.wrap(dw), weightShape);
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

    /** Padding before and after for {@link Padding#SAME} or {@link Padding#VALID} along one dimension. */
    private static int[] paddingFor(String op, Padding padding, int[] stride, int[] dilation, int[] kernel) {
        return switch (java.util.Objects.requireNonNull(padding, op + ": padding rule is null")) {
            case VALID -> new int[] {0, 0};
            case SAME -> {
                if (stride[0] != 1) {
                    throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions "
                            + "(stride " + stride[0] + ")");
                }
                int total = dilation[0] * (kernel[0] - 1);
                yield new int[] {total / 2, total - total / 2};
            }
        };
    }
}
