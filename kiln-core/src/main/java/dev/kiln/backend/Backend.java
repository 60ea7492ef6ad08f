package dev.kiln.backend;

import dev.kiln.backend.cpu.ConvGeometry;

/**
 * The primitives that Kiln's tensor ops, layers and optimisers compute with: the one boundary
 * between the maths (autograd wiring in {@code tensor.ops}, {@code nn.functional}, {@code optim})
 * and the loops that run it. An op finds its backend from its tensors' {@link Device}
 * ({@code tensor.device().backend()}); {@link dev.kiln.backend.cpu.CpuBackend} holds every
 * Vector API loop of the project, {@link ReferenceBackend} the same primitives as plain loops
 * with float64 accumulation, the oracle the fast kernels are tested against.
 *
 * <p>Buffers are float32 arrays addressed by an offset (and, where said, strides), as the CPU
 * storage holds them; output ranges never overlap inputs unless a method says so. Sizes are
 * checked by the caller (the public op names the shapes in its message); a primitive trusts them.
 * A primitive may split its work across threads; the result does not depend on the thread count.
 */
public interface Backend {
    /**
     * The element count by which the kernels' vector loops advance (1 for scalar loops). Cutting
     * one call into calls that start at multiples of it from the first gives results identical to
     * the whole call, bit for bit.
     */
    int lanes();

    // ------------------------------------------------------------------ element-wise

    /** y[yo+i] = f(x[xo+i]) for i &lt; n; y may be x (same offset). */
    void map(MathFunction f, float[] x, int xo, float[] y, int yo, int n);

    /** y[yo+i] = scale·x[xo+i] + shift for i &lt; n; y may be x (same offset). */
    void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift);

    /**
     * c[co+i] = a[ao+i·as] + alpha·b[bo+i·bs] for i &lt; n, with the strides {@code as, bs} 0 (one
     * broadcast element), 1 or any other step; c may be a or b (same offset, stride 1).
     */
    void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n, float alpha);

    /** c[co+i] = a[ao+i·as]·b[bo+i·bs] for i &lt; n (strides as in {@link #add}). */
    void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n);

    /** c[co+i] = a[ao+i·as]/b[bo+i·bs] for i &lt; n (strides as in {@link #add}). */
    void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n);

    /** y[yo+i] = f(x[xo+i]) for i &lt; n; y may be x (same offset) for an in-place update. */
    void activationForward(Activation f, float[] x, int xo, float[] y, int yo, int n);

    /**
     * gx[gxo+i] = g[go+i]·f'(x[xo+i]) for i &lt; n; each element is read before it is written, so
     * gx may be g (same offset). For ReLU, x may be the output max(0, x) (the same sign test).
     */
    void activationBackward(Activation f, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n);

    /**
     * out[i] = c[co+i] ? a[ao+i·as] : b[bo+i·bs] for i &lt; n, with the strides {@code as, bs}
     * 0 (one broadcast element) or 1.
     */
    void where(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n);

    // ------------------------------------------------------------------ reductions

    /** Σ x[xo+i] over i &lt; n, accumulated at least in float32 lanes and summed in float64. */
    double sum(float[] x, int xo, int n);

    /** max x[xo+i] over i &lt; n (n ≥ 1); NaN if any element is NaN. */
    float max(float[] x, int xo, int n);

    /** min x[xo+i] over i &lt; n (n ≥ 1); NaN if any element is NaN. */
    float min(float[] x, int xo, int n);

    /**
     * out[j] = Σ_i g[go + i·rowStride + j] over i &lt; rows, for j &lt; cols (the column sums of a
     * matrix with contiguous rows; a bias gradient).
     */
    void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out);

    // ------------------------------------------------------------------ matrix products

    /**
     * Strided GEMM: C[i,j] = alpha·Σ_p A[i,p]·B[p,j] + beta·C[i,j] for i &lt; m, j &lt; n, p &lt; k, with
     * A[i,p] = a[ao + i·ars + p·acs], B[p,j] = b[bo + p·brs + j·bcs], C[i,j] = c[co + i·ldc + j].
     * With beta = 0, C is written without being read.
     */
    void gemm(int m, int n, int k, float alpha, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float beta, float[] c, int co, int ldc);

    /**
     * Matrix–vector products for a few rows: y[i·out + j] = Σ_p x[i·in + p]·W[wo + j·ws + p] for
     * i &lt; rows, j &lt; out, p &lt; in (x contiguous, the rows of W contiguous with stride ws). The
     * form of a linear layer applied to one or two samples, where a GEMM would pack all of W.
     */
    void gemv(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out);

    // ------------------------------------------------------------------ softmax and cross-entropy rows

    /**
     * Softmax along the middle axis of a contiguous (outer, size, inner) block at x[xo…]:
     * y = e^(x − m)/Σ e^(x − m), m the row maximum (0 for a row of −∞). y is contiguous from 0.
     */
    void softmax(float[] x, int xo, float[] y, int outer, int size, int inner);

    /** Log-softmax along the middle axis: y = (x − m) − log Σ e^(x − m) (see {@link #softmax}). */
    void logSoftmax(float[] x, int xo, float[] y, int outer, int size, int inner);

    /**
     * Backward of {@link #softmax} from its output y (contiguous from 0) and the gradient g
     * (contiguous from go): gx = y·(g − Σ_size g·y). gx is contiguous from 0.
     */
    void softmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner);

    /** Backward of {@link #logSoftmax} from its output y: gx = g − e^y·Σ_size g. */
    void logSoftmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner);

    /**
     * log Σ e^(x[xo+i]) over i &lt; n, shifted by the row maximum for range (0 when it is infinite).
     * The per-row term of cross-entropy.
     */
    double logSumExp(float[] x, int xo, int n);

    /**
     * y[yo+i] = scale·e^(x[xo+i] − shift) for i &lt; n: softmax probabilities from a saved log-sum-exp,
     * scaled by the upstream gradient (the cross-entropy backward row). The shift and scale are
     * given in float64; a kernel may round them to float32 in its vector lanes.
     */
    void scaledExp(float[] x, int xo, float[] y, int yo, int n, double shift, double scale);

    // ------------------------------------------------------------------ optimisers ("foreach" updates)

    /**
     * One SGD update (see {@link SgdStep} for the formula) of p[po…po+n) from g[go…) and the
     * momentum buffer b[bo…bo+n) (null when the momentum is 0).
     */
    void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step);

    /**
     * One Adam/AdamW update (see {@link AdamStep}) of p[po…po+n) from g[go…) and the moments
     * m, v, vmax[so…so+n) ({@code vmax} null without AMSGrad).
     */
    void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step);

    // ------------------------------------------------------------------ pooling

    /**
     * Max pooling over {@code planes} planes of h × w, contiguous from x[xo]: out[p, oy, ox] (contiguous
     * from 0) is the largest real element of window (wy[oy], wx[ox]) (a NaN wins), and idx gets its
     * position y·w + x inside the plane (the first on ties, the last NaN: PyTorch's choice).
     */
    void maxPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] out, int[] idx);

    /**
     * The gradient of {@link #maxPool}: gx[p, idx[o]] = Σ g[go + o] over the windows o of plane p;
     * gx (planes × h × w) is written whole, its previous contents do not matter.
     */
    void maxPoolBackward(float[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] gx);

    /**
     * Average pooling: out[p, oy, ox] = Σ window / divisor[oy·ow + ox], over the real elements of
     * window (wy[oy], wx[ox]) of plane p (x contiguous from xo, out from 0).
     */
    void avgPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor, float[] out);

    /**
     * The gradient of {@link #avgPool}: each window's g / divisor spread over its real elements,
     * summed where windows overlap; gx (planes × h × w) is written whole.
     */
    void avgPoolBackward(float[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] gx);

    // ------------------------------------------------------------------ convolution lowering (im2col)

    /**
     * Unfolds a batch of images x (N, C, H, W), contiguous from xo, into the column matrix col
     * (C·kh·kw, N·oh·ow), contiguous from 0: row (c·kh + i)·kw + j, column n·oh·ow + oy·ow + ox holds
     * x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw], or 0 in the padding. A convolution is then
     * W (C_out, C·kh·kw) × col, its weight gradient dY (C_out, N·oh·ow) × colᵀ.
     */
    void im2col(float[] x, int xo, int batch, ConvGeometry g, float[] col);

    /**
     * The adjoint of {@link #im2col} (the input gradient's last step): adds every entry of col back
     * onto the image position it was read from, into x (N, C, H, W) from xo.
     */
    void col2im(float[] col, int batch, ConvGeometry g, float[] x, int xo);

    /**
     * Copies channels [c0, c0 + rows) of x (N, channels, P), contiguous from xo, into the
     * channel-major matrix m (rows, N·P) from 0.
     */
    void toChannelMajor(float[] x, int xo, int channels, int c0, int rows, int batch, int p, float[] m);

    /**
     * The inverse of {@link #toChannelMajor}: writes m (rows, N·P) into channels [c0, c0 + rows) of
     * out (N, channels, P), adding bias[biasOff + c] to channel c when bias is not null.
     */
    void fromChannelMajor(float[] m, int rows, int batch, int p, float[] out, int channels, int c0, float[] bias, int biasOff);

    /** out[n, c, k] += bias[biasOff + c] over the dense (N, channels, P) data from off. */
    void addChannelBias(float[] out, int off, int batch, int channels, int p, float[] bias, int biasOff);
}
