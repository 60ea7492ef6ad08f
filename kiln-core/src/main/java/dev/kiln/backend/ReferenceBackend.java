package dev.kiln.backend;


/**
 * Every {@link Backend} primitive as the plainest loop that states its formula, with float64
 * arithmetic and accumulation, on one thread. It is the oracle that the fast kernels are tested
 * against, and the path that float64 tensors compute through: the float64 overloads here
 * ({@link #sgd(double[], int, double[], int, double[], int, int, SgdStep)}, {@link #adam(double[],
 * int, double[], int, double[], double[], double[], int, int, AdamStep)}, {@link #softmax(double[],
 * int, double[], int, int, int)}…) are the only float64 copies of those kernels; the float32
 * entries widen, run them, and round once.
 */
public final class ReferenceBackend implements Backend {
    /** The one instance. */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public int lanes() {
        return 1;
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void map(MathFunction f, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) f.apply(x[xo + i]);
        }
    }

    @Override
    public void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) ((double) scale * x[xo + i] + shift);
        }
    }

    @Override
    public void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n, float alpha) {
        for (int i = 0; i < n; i++) {
            c[co + i] = (float) (a[ao + i * as] + (double) alpha * b[bo + i * bs]);
        }
    }

    @Override
    public void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        for (int i = 0; i < n; i++) {
            c[co + i] = (float) ((double) a[ao + i * as] * b[bo + i * bs]);
        }
    }

    @Override
    public void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        for (int i = 0; i < n; i++) {
            c[co + i] = (float) ((double) a[ao + i * as] / b[bo + i * bs]);
        }
    }

    @Override
    public void activationForward(Activation f, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) f.value(x[xo + i]);
        }
    }

    @Override
    public void activationBackward(Activation f, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i++) {
            gx[gxo + i] = (float) (g[go + i] * f.derivative(x[xo + i]));
        }
    }

    @Override
    public void where(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = c[co + i] ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public double sum(float[] x, int xo, int n) {
        return sum(widen(x, xo, n), 0, n);
    }

    /**
     * {@link Backend#sum} in float64: Σ x[xo + i] for i in [0, n), accumulated in order.
     *
     * @param x the values
     * @param xo the index of the first
     * @param n the count
     * @return the sum
     */
    public double sum(double[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        return (float) extreme(widen(x, xo, n), 0, n, true);
    }

    @Override
    public float min(float[] x, int xo, int n) {
        return (float) extreme(widen(x, xo, n), 0, n, false);
    }

    /**
     * {@link Backend#max} or {@link Backend#min} in float64: the largest (smallest) of x[xo + i] for i
     * in [0, n), n ≥ 1; NaN if any is NaN.
     *
     * @param x the values
     * @param xo the index of the first
     * @param n the count, at least 1
     * @param max true for the maximum, false for the minimum
     * @return the extreme
     */
    public double extreme(double[] x, int xo, int n, boolean max) {
        double m = x[xo];
        for (int i = 1; i < n; i++) {
            m = max ? Math.max(m, x[xo + i]) : Math.min(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += g[go + i * rowStride + j];
            }
            out[j] = (float) s;
        }
    }

    // ------------------------------------------------------------------ matrix products

    @Override
    public void gemm(int m, int n, int k, float alpha, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float beta, float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[ao + i * ars + p * acs] * b[bo + p * brs + j * bcs];
                }
                double prior = beta == 0 ? 0 : (double) beta * c[co + i * ldc + j];
                c[co + i * ldc + j] = (float) (alpha * s + prior);
            }
        }
    }

    @Override
    public void gemmBatched(int batch, int m, int n, int k, float[] a, int[] aOffs, int ars, int acs, float[] b, int[] bOffs,
            int brs, int bcs, float[] c, int[] cOffs, int ldc) {
        for (int t = 0; t < batch; t++) {
            gemm(m, n, k, 1f, a, aOffs[t], ars, acs, b, bOffs[t], brs, bcs, 0f, c, cOffs[t], ldc);
        }
    }

    /**
     * {@link Backend#gemmBatched} in float64 (the matrix products of float64 tensors).
     *
     * @param batch the number of products
     * @param m the number of rows of each A and C
     * @param n the number of columns of each B and C
     * @param k the number of columns of A and rows of B
     * @param a the buffer holding the A matrices
     * @param aOffs the offset of A_t[0, 0] for each t
     * @param ars A's row stride
     * @param acs A's column stride
     * @param b the buffer holding the B matrices
     * @param bOffs the offset of B_t[0, 0] for each t
     * @param brs B's row stride
     * @param bcs B's column stride
     * @param c the buffer holding the C matrices, written
     * @param cOffs the offset of C_t[0, 0] for each t
     * @param ldc C's row stride
     */
    public void gemmBatched(int batch, int m, int n, int k, double[] a, int[] aOffs, int ars, int acs, double[] b, int[] bOffs,
            int brs, int bcs, double[] c, int[] cOffs, int ldc) {
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                int ci = cOffs[t] + i * ldc;
                java.util.Arrays.fill(c, ci, ci + n, 0);
                for (int p = 0; p < k; p++) {
                    double x = a[aOffs[t] + i * ars + p * acs];
                    int bp = bOffs[t] + p * brs;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += x * b[bp + j * bcs];
                    }
                }
            }
        }
    }

    @Override
    public void gemv(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out) {
        gemm(rows, out, in, 1f, x, 0, in, 1, w, wo, 1, ws, 0f, y, 0, out);
    }

    // ------------------------------------------------------------------ softmax and cross-entropy rows

    @Override
    public void softmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        softmaxRows(x, xo, y, outer, size, inner, false);
    }

    @Override
    public void logSoftmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        softmaxRows(x, xo, y, outer, size, inner, true);
    }

    @Override
    public void softmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        softmaxRowsBackward(y, g, go, gx, outer, size, inner, false);
    }

    @Override
    public void logSoftmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        softmaxRowsBackward(y, g, go, gx, outer, size, inner, true);
    }

    /** The float32 entries of the softmax family: widened, run in float64, rounded once. */
    private static void softmaxRows(float[] x, int xo, float[] y, int outer, int size, int inner, boolean log) {
        double[] r = new double[outer * size * inner];
        ReferenceSoftmax.forward(widen(x, xo, r.length), 0, r, outer, size, inner, log);
        narrow(r, y);
    }

    private static void softmaxRowsBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner,
            boolean log) {
        int n = outer * size * inner;
        double[] r = new double[n];
        ReferenceSoftmax.backward(widen(y, 0, n), widen(g, go, n), 0, r, outer, size, inner, log);
        narrow(r, gx);
    }

    /**
     * Softmax along the middle axis of (outer, size, inner), in float64 (see {@link Backend#softmax}).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    public void softmax(double[] x, int xo, double[] y, int outer, int size, int inner) {
        ReferenceSoftmax.forward(x, xo, y, outer, size, inner, false);
    }

    /**
     * Log-softmax along the middle axis of (outer, size, inner), in float64: (x − m) − log Σ e^(x − m).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    public void logSoftmax(double[] x, int xo, double[] y, int outer, int size, int inner) {
        ReferenceSoftmax.forward(x, xo, y, outer, size, inner, true);
    }

    /**
     * Softmax backward in float64: gx = y·(g − Σ_size g·y).
     *
     * @param y the softmax output, contiguous from 0
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    public void softmaxBackward(double[] y, double[] g, int go, double[] gx, int outer, int size, int inner) {
        ReferenceSoftmax.backward(y, g, go, gx, outer, size, inner, false);
    }

    /**
     * Log-softmax backward in float64: gx = g − e^y·Σ_size g.
     *
     * @param y the log-softmax output, contiguous from 0
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    public void logSoftmaxBackward(double[] y, double[] g, int go, double[] gx, int outer, int size, int inner) {
        ReferenceSoftmax.backward(y, g, go, gx, outer, size, inner, true);
    }

    @Override
    public void crossEntropy(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        crossEntropy(widen(z, zo, t.rows() * t.classes()), 0, t, logSumExp, loss);
    }

    @Override
    public void crossEntropyBackward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, float[] gz) {
        double[] r = new double[t.rows() * t.classes()];
        crossEntropyBackward(widen(z, zo, r.length), 0, t, logSumExp, g, r);
        narrow(r, gz);
    }

    /**
     * {@link Backend#crossEntropy} in float64.
     *
     * @param z the logits, (rows, C) contiguous from zo
     * @param zo the offset of the first logit in {@code z}
     * @param t the targets, class weights and label smoothing
     * @param logSumExp each row's log Σ e^z, written [0, rows)
     * @param loss each row's loss, written [0, rows)
     */
    public void crossEntropy(double[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        ReferenceSoftmax.crossEntropy(z, zo, t, logSumExp, loss);
    }

    /**
     * {@link Backend#crossEntropyBackward} in float64.
     *
     * @param z the logits, (rows, C) contiguous from zo
     * @param zo the offset of the first logit in {@code z}
     * @param t the targets, class weights and label smoothing of the forward
     * @param logSumExp each row's log-sum-exp, as the forward wrote it
     * @param g the upstream gradient of each row's loss
     * @param gz the logits' gradient, (rows, C) contiguous from 0, written whole
     */
    public void crossEntropyBackward(double[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, double[] gz) {
        ReferenceSoftmax.crossEntropyBackward(z, zo, t, logSumExp, g, gz);
    }

    @Override
    public void binaryCrossEntropyWithLogits(float[] x, int xo, double[] y, double[] loss, int n) {
        binaryCrossEntropyWithLogits(widen(x, xo, n), 0, y, loss, n);
    }

    @Override
    public void binaryCrossEntropyWithLogitsBackward(float[] x, int xo, double[] y, double[] g, float[] gx, int n) {
        double[] r = new double[n];
        binaryCrossEntropyWithLogitsBackward(widen(x, xo, n), 0, y, g, r, n);
        narrow(r, 0, gx, 0, n);
    }

    /**
     * {@link Backend#binaryCrossEntropyWithLogits} in float64 (loss[i] may be written over y[i]).
     *
     * @param x the logits
     * @param xo the offset of the first logit in {@code x}
     * @param y the targets, [0, n)
     * @param loss the losses, written [0, n)
     * @param n the number of elements
     */
    public void binaryCrossEntropyWithLogits(double[] x, int xo, double[] y, double[] loss, int n) {
        for (int i = 0; i < n; i++) {
            loss[i] = BinaryCrossEntropy.loss(x[xo + i], y[i]);
        }
    }

    /**
     * {@link Backend#binaryCrossEntropyWithLogitsBackward} in float64.
     *
     * @param x the logits
     * @param xo the offset of the first logit in {@code x}
     * @param y the targets, [0, n)
     * @param g the upstream gradient of each loss, [0, n)
     * @param gx the logits' gradient, written [0, n)
     * @param n the number of elements
     */
    public void binaryCrossEntropyWithLogitsBackward(double[] x, int xo, double[] y, double[] g, double[] gx, int n) {
        for (int i = 0; i < n; i++) {
            gx[i] = g[i] * BinaryCrossEntropy.gradient(x[xo + i], y[i]);
        }
    }

    // ------------------------------------------------------------------ optimisers

    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step) {
        ReferenceOptimizers.sgd(p, po, g, go, b, bo, n, step);
    }

    /**
     * One SGD update in float64 (the formula is on {@link SgdStep}).
     *
     * @param p the parameter values, updated in place
     * @param po the offset of the parameter's first element in {@code p}
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param b the momentum buffer, updated in place (null when the momentum is 0)
     * @param bo the offset of the parameter's momentum in {@code b}
     * @param n the number of elements
     * @param s the hyper-parameters of this step
     */
    public void sgd(double[] p, int po, double[] g, int go, double[] b, int bo, int n, SgdStep s) {
        ReferenceOptimizers.sgd(p, po, g, go, b, bo, n, s);
    }

    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step) {
        ReferenceOptimizers.adam(p, po, g, go, m, v, vmax, so, n, step);
    }

    /**
     * One Adam/AdamW update in float64 (the formula is on {@link AdamStep}).
     *
     * @param p the parameter values, updated in place
     * @param po the offset of the parameter's first element in {@code p}
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param m the first moment (running average of g), updated in place
     * @param v the second moment (running average of g²), updated in place
     * @param vmax the running maximum of {@code v} (AMSGrad), or null without AMSGrad; updated in place
     * @param so the offset of the parameter's first element in the state buffers
     * @param n the number of elements
     * @param s the hyper-parameters of this step
     */
    public void adam(double[] p, int po, double[] g, int go, double[] m, double[] v, double[] vmax, int so, int n, AdamStep s) {
        ReferenceOptimizers.adam(p, po, g, go, m, v, vmax, so, n, s);
    }

    // ------------------------------------------------------------------ pooling

    @Override
    public void maxPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] out, int[] idx) {
        double[] r = new double[planes * wy.size() * wx.size()];
        maxPool(widen(x, xo, planes * h * w), 0, planes, h, w, wy, wx, r, idx);
        narrow(r, out);
    }

    @Override
    public void maxPoolBackward(float[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            float[] gx) {
        double[] r = new double[planes * h * w];
        maxPoolBackward(widen(g, go, planes * wy.size() * wx.size()), 0, idx, planes, h, w, wy, wx, r);
        narrow(r, gx);
    }

    @Override
    public void avgPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] out) {
        double[] r = new double[planes * wy.size() * wx.size()];
        avgPool(widen(x, xo, planes * h * w), 0, planes, h, w, wy, wx, divisor, r);
        narrow(r, out);
    }

    @Override
    public void avgPoolBackward(float[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] gx) {
        double[] r = new double[planes * h * w];
        avgPoolBackward(widen(g, go, planes * wy.size() * wx.size()), 0, planes, h, w, wy, wx, divisor, r);
        narrow(r, gx);
    }

    /**
     * Max pooling in float64 (see {@link Backend#maxPool}): the row-major scan, a strictly larger value or a NaN wins.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param planes the number of planes (N·C)
     * @param h the height of each input plane
     * @param w the width of each input plane
     * @param wy the pooling windows along the height
     * @param wx the pooling windows along the width
     * @param out the pooled planes (planes, oh, ow), written from 0
     * @param idx the position y·w + x, inside its plane, of each output's maximum
     */
    public void maxPool(double[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] out, int[] idx) {
        ReferencePooling.maxPool(x, xo, planes, h, w, wy, wx, out, idx);
    }

    /**
     * The gradient of max pooling in float64: gx[p, idx[o]] = Σ g[o]; gx written whole.
     *
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param idx the positions of the maxima that {@link #maxPool} recorded
     * @param planes the number of planes (N·C)
     * @param h the height of each input plane
     * @param w the width of each input plane
     * @param wy the pooling windows along the height
     * @param wx the pooling windows along the width
     * @param gx the input gradient (planes, h, w), written whole
     */
    public void maxPoolBackward(double[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            double[] gx) {
        ReferencePooling.maxPoolBackward(g, go, idx, planes, h, w, wy, wx, gx);
    }

    /**
     * Average pooling in float64 (see {@link Backend#avgPool}).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param planes the number of planes (N·C)
     * @param h the height of each input plane
     * @param w the width of each input plane
     * @param wy the pooling windows along the height
     * @param wx the pooling windows along the width
     * @param divisor the divisor of each output position of a plane, (oh·ow)
     * @param out the pooled planes (planes, oh, ow), written from 0
     */
    public void avgPool(double[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            double[] out) {
        ReferencePooling.avgPool(x, xo, planes, h, w, wy, wx, divisor, out);
    }

    /**
     * The gradient of average pooling in float64; gx written whole.
     *
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param planes the number of planes (N·C)
     * @param h the height of each input plane
     * @param w the width of each input plane
     * @param wy the pooling windows along the height
     * @param wx the pooling windows along the width
     * @param divisor the divisor of each output position of a plane, (oh·ow)
     * @param gx the input gradient (planes, h, w), written whole
     */
    public void avgPoolBackward(double[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            double[] gx) {
        ReferencePooling.avgPoolBackward(g, go, planes, h, w, wy, wx, divisor, gx);
    }

    // ------------------------------------------------------------------ convolution

    @Override
    public void conv2dForward(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] w, int wo,
            float[] bias, int bo, float[] y) {
        double[] r = new double[batch * outChannels * g.outPlane()];
        conv2dForward(g, batch, outChannels, groups, widen(x, xo, batch * g.channels() * g.inPlane()), 0,
                widen(w, wo, outChannels * g.colRows() / groups), 0, bias == null ? null : widen(bias, bo, outChannels), 0, r);
        narrow(r, y);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, int batch, int outChannels, int groups, float[] dy, int dyo, float[] w,
            int wo, float[] dx) {
        double[] r = new double[batch * g.channels() * g.inPlane()];
        conv2dBackwardInput(g, batch, outChannels, groups, widen(dy, dyo, batch * outChannels * g.outPlane()), 0,
                widen(w, wo, outChannels * g.colRows() / groups), 0, r);
        narrow(r, dx);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] dy,
            int dyo, float[] dw) {
        double[] r = new double[outChannels * g.colRows() / groups];
        conv2dBackwardWeight(g, batch, outChannels, groups, widen(x, xo, batch * g.channels() * g.inPlane()), 0,
                widen(dy, dyo, batch * outChannels * g.outPlane()), 0, r);
        narrow(r, dw);
    }

    /**
     * {@link Backend#conv2dForward} in float64, straight from the definition:
     * y[n, o, oy, ox] = bias[o] + Σ_{c ∈ group(o), i, j} w[o, c, i, j]·x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw].
     *
     * @param g the geometry (input channels and size, kernel, stride, padding, dilation, output size)
     * @param batch the number of samples N
     * @param outChannels C_out
     * @param groups the number of groups (divides C and C_out)
     * @param x the input (N, C, H, W) from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param w the weight (C_out, C/groups, kh, kw) from wo
     * @param wo the offset of the weight's first element in {@code w}
     * @param bias the bias (C_out) from bo, or null
     * @param bo the offset of the bias's first element in {@code bias}
     * @param y the output (N, C_out, oh, ow), written from 0
     */
    public void conv2dForward(ConvGeometry g, int batch, int outChannels, int groups, double[] x, int xo, double[] w, int wo,
            double[] bias, int bo, double[] y) {
        ReferenceConvolution.forward(g, batch, outChannels, groups, x, xo, w, wo, bias, bo, y);
    }

    /**
     * {@link Backend#conv2dBackwardInput} in float64: dx[n, c, iy, ix] = Σ over the terms that read it of
     * w[o, c, i, j]·dy[n, o, oy, ox].
     *
     * @param g the geometry
     * @param batch the number of samples N
     * @param outChannels C_out
     * @param groups the number of groups
     * @param dy the output gradient (N, C_out, oh, ow) from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param w the weight (C_out, C/groups, kh, kw) from wo
     * @param wo the offset of the weight's first element in {@code w}
     * @param dx the input gradient (N, C, H, W), written from 0
     */
    public void conv2dBackwardInput(ConvGeometry g, int batch, int outChannels, int groups, double[] dy, int dyo, double[] w,
            int wo, double[] dx) {
        ReferenceConvolution.backwardInput(g, batch, outChannels, groups, dy, dyo, w, wo, dx);
    }

    /**
     * {@link Backend#conv2dBackwardWeight} in float64: dw[o, c, i, j] = Σ_{n, oy, ox} dy[n, o, oy, ox]·x[n, c, iy, ix].
     *
     * @param g the geometry
     * @param batch the number of samples N
     * @param outChannels C_out
     * @param groups the number of groups
     * @param x the input (N, C, H, W) from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param dy the output gradient (N, C_out, oh, ow) from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param dw the weight gradient (C_out, C/groups, kh, kw), written from 0
     */
    public void conv2dBackwardWeight(ConvGeometry g, int batch, int outChannels, int groups, double[] x, int xo, double[] dy,
            int dyo, double[] dw) {
        ReferenceConvolution.backwardWeight(g, batch, outChannels, groups, x, xo, dy, dyo, dw);
    }

    // ------------------------------------------------------------------ copy, cast, fill

    @Override
    public void copy(int[] shape, Object src, int[] srcStrides, int srcOffset, Object dst, int[] dstStrides, int dstOffset) {
        ReferenceCopies.copy(this, shape, src, srcStrides, srcOffset, dst, dstStrides, dstOffset);
    }

    @Override
    public void cast(Object src, int srcOffset, Object dst, int dstOffset, int n) {
        ReferenceCopies.cast(src, srcOffset, dst, dstOffset, n);
    }

    @Override
    public void fill(Object dst, int offset, int n, double value) {
        ReferenceCopies.fill(dst, offset, n, value);
    }

    // ------------------------------------------------------------------ batch normalisation

    @Override
    public void batchNormStatistics(float[] x, int xo, int batch, int channels, int plane, double[] mean, double[] var) {
        ReferenceBatchNorm.statistics(x, xo, batch, channels, plane, mean, var);
    }

    @Override
    public void batchNormForward(float[] x, int xo, float[] y, int yo, int batch, int channels, int plane, float[] mean,
            float[] scale, float[] shift, float floor) {
        ReferenceBatchNorm.forward(x, xo, y, yo, batch, channels, plane, mean, scale, shift, floor);
    }

    @Override
    public void batchNormGradientSums(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int batch, int channels,
            int plane, float[] mean, double[] sumDy, double[] sumDyXc) {
        ReferenceBatchNorm.gradientSums(dy, dyo, x, xo, y, yo, batch, channels, plane, mean, sumDy, sumDyXc);
    }

    @Override
    public void batchNormInputGradient(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, float[] dx, int dxo,
            int batch, int channels, int plane, float[] a, float[] b, float[] d) {
        ReferenceBatchNorm.inputGradient(dy, dyo, x, xo, y, yo, dx, dxo, batch, channels, plane, a, b, d);
    }

    @Override
    public void addRelu(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        ReferenceBatchNorm.addRelu(a, ao, b, bo, y, yo, n);
    }

    // ------------------------------------------------------------------ helpers

    static double[] widen(float[] x, int xo, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = x[xo + i];
        }
        return r;
    }

    private static void narrow(double[] x, float[] y) {
        narrow(x, 0, y, 0, x.length);
    }

    static void narrow(double[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) x[xo + i];
        }
    }

    // ------------------------------------------------------------------ threads, parallel ranges, strided rows
    // (tensorops' block: everything on the calling thread, one element per row)

    /** {@return 1: the reference computes every primitive on the calling thread} */
    @Override
    public int threads() {
        return 1;
    }

    /** Checks {@code n}; the reference runs on the calling thread whatever the setting. */
    @Override
    public void setThreads(int n) {
        requireThreads("setThreads", n);
    }

    /** Checks {@code n} and runs {@code body}: the reference runs on the calling thread whatever the budget. */
    @Override
    public void withThreads(int n, Runnable body) {
        requireThreads("withThreads", n);
        body.run();
    }

    private static void requireThreads(String op, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(op + ": need at least 1 thread, got " + n);
        }
    }

    /** One call {@code body.run(0, count)} on the calling thread. */
    @Override
    public void parallelFor(int count, int itemCost, RangeBody body) {
        body.run(0, count);
    }

    /** Every output element as its own row of length 1, in row-major order, by recursion over the dimensions. */
    @Override
    public void forEachRow(int[] shape, int[] sa, int aOffset, int[] sb, int bOffset, RowKernel kernel) {
        visit(shape, 0, sa, aOffset, sb, bOffset, kernel, new int[1]);
    }

    /** Visits the elements of dimensions d… from the given offsets; {@code next[0]} is the next output index. */
    private static void visit(int[] shape, int d, int[] sa, int ao, int[] sb, int bo, RowKernel kernel, int[] next) {
        if (d == shape.length) {
            kernel.row(ao, 0, bo, 0, next[0]++, 1);
            return;
        }
        for (int i = 0; i < shape[d]; i++) {
            visit(shape, d + 1, sa, ao + i * sa[d], sb, bo + i * sb[d], kernel, next);
        }
    }
}
