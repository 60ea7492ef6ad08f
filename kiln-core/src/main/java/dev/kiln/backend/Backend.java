package dev.kiln.backend;

/**
 * The primitives that Kiln's tensor ops, layers and optimisers compute with: the one boundary
 * between the maths (autograd wiring in {@code tensor.ops}, {@code nn.functional}, {@code optim})
 * and the loops that run it. An op finds its backend from its tensors' {@link Device}
 * ({@code tensor.device().backend()}); {@link dev.kiln.backend.cpu.CpuBackend} holds every
 * Vector API loop of the project, {@link ReferenceBackend} the same primitives as plain loops
 * with float64 accumulation, the oracle the fast kernels are tested against.
 *
 * <p>The primitives come in families: element-wise maths ({@link ElementwisePrimitives}), indexing,
 * scans, comparisons and reductions ({@link IndexingPrimitives}), and here matrix products, softmax and
 * cross-entropy rows, optimiser updates, pooling, convolution, copy/cast/fill, batch normalisation and
 * threads.
 *
 * <p>Buffers are float32 arrays addressed by an offset (and, where said, strides), as the CPU
 * storage holds them (copy, cast and fill, and the indexing family, take an array of any storage type:
 * float[], double[], long[], boolean[]); float64 and int64 tensors compute through the {@code double[]}
 * / {@code long[]} overloads, whose plain loops ({@code ReferenceElementwise}, {@code ReferenceIndexing},
 * {@link ReferenceBackend}) every backend inherits unless it has faster ones; output ranges never overlap
 * inputs unless a method says so. Sizes are
 * checked by the caller (the public op names the shapes in its message); a primitive trusts them.
 * A primitive may split its work across threads; the result does not depend on the thread count.
 */
public interface Backend extends ElementwisePrimitives, IndexingPrimitives {
    /**
     * The element count by which the kernels' vector loops advance (1 for scalar loops). Cutting
     * one call into calls that start at multiples of it from the first gives results identical to
     * the whole call, bit for bit.
     *
     * @return the vector width in elements
     */
    int lanes();


    // ------------------------------------------------------------------ matrix products

    /**
     * Strided GEMM: C[i,j] = alpha·Σ_p A[i,p]·B[p,j] + beta·C[i,j] for i &lt; m, j &lt; n, p &lt; k, with
     * A[i,p] = a[ao + i·ars + p·acs], B[p,j] = b[bo + p·brs + j·bcs], C[i,j] = c[co + i·ldc + j].
     * With beta = 0, C is written without being read.
     *
     * @param m the number of rows of A and C
     * @param n the number of columns of B and C
     * @param k the number of columns of A and rows of B
     * @param alpha the factor on the product
     * @param a the buffer holding A
     * @param ao the offset of A[0, 0] in {@code a}
     * @param ars A's row stride
     * @param acs A's column stride
     * @param b the buffer holding B
     * @param bo the offset of B[0, 0] in {@code b}
     * @param brs B's row stride
     * @param bcs B's column stride
     * @param beta the factor on C's previous contents (0: C is not read)
     * @param c the buffer holding C
     * @param co the offset of C[0, 0] in {@code c}
     * @param ldc C's row stride
     */
    void gemm(int m, int n, int k, float alpha, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float beta, float[] c, int co, int ldc);

    /**
     * Batched matrix products: C_t = A_t·B_t for t &lt; batch, with A_t[i, p] = a[aOffs[t] + i·ars + p·acs],
     * B_t[p, j] = b[bOffs[t] + p·brs + j·bcs] and C_t[i, j] = c[cOffs[t] + i·ldc + j] (written, not read; an
     * A or B offset may repeat for a broadcast operand, the C blocks do not overlap).
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
     * @param c the buffer holding the C matrices
     * @param cOffs the offset of C_t[0, 0] for each t
     * @param ldc C's row stride
     */
    void gemmBatched(int batch, int m, int n, int k, float[] a, int[] aOffs, int ars, int acs, float[] b, int[] bOffs, int brs,
            int bcs, float[] c, int[] cOffs, int ldc);

    /**
     * Matrix–vector products for a few rows: y[i·out + j] = Σ_p x[i·in + p]·W[wo + j·ws + p] for
     * i &lt; rows, j &lt; out, p &lt; in (x contiguous, the rows of W contiguous with stride ws). The
     * form of a linear layer applied to one or two samples, where a GEMM would pack all of W.
     *
     * @param x the input rows, contiguous from 0, (rows, in)
     * @param rows the number of input rows (samples)
     * @param in the length of each input row (input features)
     * @param w the buffer holding the weight W (out, in)
     * @param wo the offset of W's first element in {@code w}
     * @param ws the distance between the starts of consecutive rows of W
     * @param y the output rows, (rows, out), written from 0
     * @param out the number of outputs per row (the rows of W)
     */
    void gemv(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out);

    /**
     * B (k×n), {@code B[p, j] = b[bo + p·brs + j·bcs]}, copied once into the layout that
     * {@link #gemmPrepacked} reads, for a matrix that many products share (a linear layer's weight in
     * inference). The layout is the backend's own; the default is B row-major (k·n floats).
     *
     * @param k the number of rows of B
     * @param n the number of columns of B
     * @param b the buffer holding B
     * @param bo the offset of B[0, 0] in {@code b}
     * @param brs B's row stride
     * @param bcs B's column stride
     * @return a new array holding B in this backend's packed layout
     */
    default float[] prepackGemmB(int k, int n, float[] b, int bo, int brs, int bcs) {
        float[] rowMajor = new float[k * n];
        copy(new int[] {k, n}, b, new int[] {brs, bcs}, bo, rowMajor, new int[] {n, 1}, 0);
        return rowMajor;
    }

    /**
     * {@link #gemm} with alpha = 1 and B from {@link #prepackGemmB prepackGemmB(k, n, …)}:
     * C[i,j] = Σ_p A[i,p]·B[p,j] + beta·C[i,j], A[i,p] = a[ao + i·ars + p·acs], C[i,j] = c[co + i·ldc + j].
     *
     * @param m the number of rows of A and C
     * @param n the number of columns of B and C
     * @param k the number of columns of A and rows of B
     * @param a the buffer holding A
     * @param ao the offset of A[0, 0] in {@code a}
     * @param ars A's row stride
     * @param acs A's column stride
     * @param packedB B as {@link #prepackGemmB} returned it for this k and n
     * @param beta the factor on C's previous contents (0: C is not read)
     * @param c the buffer holding C
     * @param co the offset of C[0, 0] in {@code c}
     * @param ldc C's row stride
     */
    default void gemmPrepacked(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] packedB, float beta,
            float[] c, int co, int ldc) {
        gemm(m, n, k, 1f, a, ao, ars, acs, packedB, 0, n, 1, beta, c, co, ldc);
    }

    // ------------------------------------------------------------------ softmax and cross-entropy rows

    /**
     * Softmax along the middle axis of a contiguous (outer, size, inner) block at x[xo…]:
     * y = e^(x − m)/Σ e^(x − m), m the row maximum (0 for a row of −∞). y is contiguous from 0.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    void softmax(float[] x, int xo, float[] y, int outer, int size, int inner);

    /**
     * Log-softmax along the middle axis: y = (x − m) − log Σ e^(x − m) (see {@link #softmax}).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    void logSoftmax(float[] x, int xo, float[] y, int outer, int size, int inner);

    /**
     * Backward of {@link #softmax} from its output y (contiguous from 0) and the gradient g
     * (contiguous from go): gx = y·(g − Σ_size g·y). gx is contiguous from 0.
     *
     * @param y the softmax output, contiguous from 0
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    void softmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner);

    /**
     * Backward of {@link #logSoftmax} from its output y: gx = g − e^y·Σ_size g.
     *
     * @param y the log-softmax output, contiguous from 0
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param outer the number of blocks before the softmax axis (the product of the leading sizes)
     * @param size the length of the softmax axis
     * @param inner the distance between consecutive elements of one row (the product of the trailing sizes)
     */
    void logSoftmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner);

    /**
     * Cross-entropy of {@code t.rows()} contiguous rows of {@code t.classes()} logits from z[zo] (see
     * {@link CrossEntropyTargets} for the formula): writes each row's log-sum-exp and loss (an ignored
     * row: loss 0, its log-sum-exp unspecified).
     *
     * @param z the logits, (rows, C) contiguous from zo
     * @param zo the offset of the first logit in {@code z}
     * @param t the targets, class weights and label smoothing
     * @param logSumExp each row's log Σ e^z, written [0, rows) (the backward takes it back)
     * @param loss each row's loss, written [0, rows)
     */
    void crossEntropy(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss);

    /**
     * The gradient of {@link #crossEntropy}: gz[r, j] = g[r]·∂loss_r/∂z_j (see {@link CrossEntropyTargets}),
     * from the logits and the log-sum-exp the forward wrote; gz is written whole (0 on ignored rows and
     * rows with g[r] = 0).
     *
     * @param z the logits, (rows, C) contiguous from zo
     * @param zo the offset of the first logit in {@code z}
     * @param t the targets, class weights and label smoothing of the forward
     * @param logSumExp each row's log-sum-exp, as the forward wrote it
     * @param g the upstream gradient of each row's loss, [0, rows)
     * @param gz the logits' gradient, (rows, C) contiguous from 0, written whole
     */
    void crossEntropyBackward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, float[] gz);

    /**
     * Binary cross-entropy on logits, element by element in float64: loss[i] =
     * {@link BinaryCrossEntropy#loss}(x[xo+i], y[i]) = max(x, 0) − x·y + log(1 + e^(−|x|)) for i &lt; n.
     *
     * @param x the logits
     * @param xo the offset of the first logit in {@code x}
     * @param y the targets, [0, n)
     * @param loss the losses, written [0, n)
     * @param n the number of elements
     */
    void binaryCrossEntropyWithLogits(float[] x, int xo, double[] y, double[] loss, int n);

    /**
     * The gradient of {@link #binaryCrossEntropyWithLogits}: gx[i] = g[i]·(σ(x[xo+i]) − y[i]) for i &lt; n,
     * computed in float64 and rounded once.
     *
     * @param x the logits
     * @param xo the offset of the first logit in {@code x}
     * @param y the targets, [0, n)
     * @param g the upstream gradient of each loss, [0, n)
     * @param gx the logits' gradient, written [0, n)
     * @param n the number of elements
     */
    void binaryCrossEntropyWithLogitsBackward(float[] x, int xo, double[] y, double[] g, float[] gx, int n);

    // ------------------------------------------------------------------ optimisers ("foreach" updates)

    /**
     * One SGD update (see {@link SgdStep} for the formula) of p[po…po+n) from g[go…) and the
     * momentum buffer b[bo…bo+n) (null when the momentum is 0).
     *
     * @param p the parameter values, updated in place
     * @param po the offset of the parameter's first element in {@code p}
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param b the momentum buffer, updated in place (null when the momentum is 0)
     * @param bo the offset of the parameter's momentum in {@code b}
     * @param n the number of elements
     * @param step the hyper-parameters of this step
     */
    void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step);

    /**
     * One Adam/AdamW update (see {@link AdamStep}) of p[po…po+n) from g[go…) and the moments
     * m, v, vmax[so…so+n) ({@code vmax} null without AMSGrad).
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
     * @param step the hyper-parameters of this step
     */
    void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step);

    // ------------------------------------------------------------------ pooling

    /**
     * Max pooling over {@code planes} planes of h × w, contiguous from x[xo]: out[p, oy, ox] (contiguous
     * from 0) is the largest real element of window (wy[oy], wx[ox]) (a NaN wins), and idx gets its
     * position y·w + x inside the plane (the first on ties, the last NaN: PyTorch's choice).
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
    void maxPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] out, int[] idx);

    /**
     * The gradient of {@link #maxPool}: gx[p, idx[o]] = Σ g[go + o] over the windows o of plane p;
     * gx (planes × h × w) is written whole, its previous contents do not matter.
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
    void maxPoolBackward(float[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] gx);

    /**
     * Average pooling: out[p, oy, ox] = Σ window / divisor[oy·ow + ox], over the real elements of
     * window (wy[oy], wx[ox]) of plane p (x contiguous from xo, out from 0).
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
    void avgPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor, float[] out);

    /**
     * The gradient of {@link #avgPool}: each window's g / divisor spread over its real elements,
     * summed where windows overlap; gx (planes × h × w) is written whole.
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
    void avgPoolBackward(float[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] gx);

    // ------------------------------------------------------------------ convolution

    /**
     * 2-D convolution (cross-correlation with zero padding), forward:
     * <pre>
     *   y[n, o, oy, ox] = bias[o] + Σ_{c ∈ group(o)} Σ_{i,j} w[o, c, i, j] · x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]
     * </pre>
     * with reads outside the H×W image taken as 0; group(o) is the block of C/groups input channels
     * that output channel o's group (o / (C_out/groups)) sees.
     *
     * @param g the geometry: input channels C and size H×W, kernel kh×kw, stride, padding before, dilation, output size oh×ow
     * @param batch the number of samples N
     * @param outChannels the output channels C_out (divisible by groups)
     * @param groups the number of groups (divides C and C_out)
     * @param x the input (N, C, H, W), contiguous from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param w the weight (C_out, C/groups, kh, kw), contiguous from wo
     * @param wo the offset of the weight's first element in {@code w}
     * @param bias the bias (C_out) from bo, or null for none
     * @param bo the offset of the bias's first element in {@code bias}
     * @param y the output (N, C_out, oh, ow), written whole from 0
     */
    void conv2dForward(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] w, int wo,
            float[] bias, int bo, float[] y);

    /**
     * The gradient of {@link #conv2dForward} with respect to its input (also the forward of a transposed
     * convolution): dx[n, c, iy, ix] = Σ w[o, c, i, j]·dy[n, o, oy, ox] over every (o, oy, ox, i, j) whose
     * read position is (iy, ix).
     *
     * @param g the geometry of the forward convolution
     * @param batch the number of samples N
     * @param outChannels the forward's output channels C_out
     * @param groups the number of groups
     * @param dy the output gradient (N, C_out, oh, ow), contiguous from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param w the weight (C_out, C/groups, kh, kw), contiguous from wo
     * @param wo the offset of the weight's first element in {@code w}
     * @param dx the input gradient (N, C, H, W), written whole from 0
     */
    void conv2dBackwardInput(ConvGeometry g, int batch, int outChannels, int groups, float[] dy, int dyo, float[] w, int wo,
            float[] dx);

    /**
     * The gradient of {@link #conv2dForward} with respect to its weight:
     * dw[o, c, i, j] = Σ_{n, oy, ox} dy[n, o, oy, ox]·x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw].
     *
     * @param g the geometry of the forward convolution
     * @param batch the number of samples N
     * @param outChannels the forward's output channels C_out
     * @param groups the number of groups
     * @param x the input (N, C, H, W), contiguous from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param dy the output gradient (N, C_out, oh, ow), contiguous from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param dw the weight gradient (C_out, C/groups, kh, kw), written whole from 0
     */
    void conv2dBackwardWeight(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] dy, int dyo,
            float[] dw);

    // ------------------------------------------------------------------ copy, cast, fill
    // (every element type: the buffers are Java arrays of one of the storage types, float[], double[],
    // long[] or boolean[]; anything else is an IllegalArgumentException)

    /**
     * Strided copy between two arrays of one element type: dst[dstOffset + Σ_d i_d·dstStrides[d]] =
     * src[srcOffset + Σ_d i_d·srcStrides[d]] for every index (i_0, …, i_{r−1}) of {@code shape}. A source
     * stride may be 0 (a broadcast dimension); the destination's elements must be distinct and must not
     * overlap the source's.
     *
     * @param shape the shape of the copied region (rank r, any rank including 0)
     * @param src the source array
     * @param srcStrides the source's stride per dimension, in elements (0 where broadcast)
     * @param srcOffset the index in {@code src} of element (0, …, 0)
     * @param dst the destination array, of the source's type
     * @param dstStrides the destination's stride per dimension, in elements
     * @param dstOffset the index in {@code dst} of element (0, …, 0)
     * @throws IllegalArgumentException when the arrays are not of one storage type
     */
    void copy(int[] shape, Object src, int[] srcStrides, int srcOffset, Object dst, int[] dstStrides, int dstOffset);

    /**
     * Cast between element types, as PyTorch's {@code to(dtype)}: dst[dstOffset + i] = src[srcOffset + i]
     * converted, for i in [0, n). The value goes through float64 (exact from float32 and bool, and from
     * int64 up to 2^53), except int64 → float32, rounded once directly; float → int64 truncates toward zero,
     * anything → bool is {@code value != 0} (NaN is true), bool → number is 1 or 0; float64 → float32 rounds
     * to nearest (ties to even). The same type copies.
     *
     * @param src the source array
     * @param srcOffset the index of its first element
     * @param dst the destination array, of any storage type
     * @param dstOffset the index of its first element
     * @param n the element count
     * @throws IllegalArgumentException when an array is not of a storage type
     */
    void cast(Object src, int srcOffset, Object dst, int dstOffset, int n);

    /**
     * Fill: dst[offset + i] = value for i in [0, n), the value converted to the array's type as
     * {@link #cast} converts a float64.
     *
     * @param dst the array
     * @param offset the index of the first element written
     * @param n the element count
     * @param value the value written
     * @throws IllegalArgumentException when the array is not of a storage type
     */
    void fill(Object dst, int offset, int n, double value);

    // ------------------------------------------------------------------ batch normalisation and the residual tail

    /**
     * Per-channel mean μ_c and biased variance σ²_c of x (N, C, L) contiguous from xo, over the
     * n = N·L elements of each channel (L = H·W, or 1 for an (N, C) input), accumulated in float64
     * (at least across blocks); a constant channel gets exactly its value and variance 0.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param batch the number of samples N
     * @param channels the number of channels C
     * @param plane the elements per sample and channel L
     * @param mean the per-channel means, written [0, C)
     * @param var the per-channel biased variances, written [0, C)
     */
    void batchNormStatistics(float[] x, int xo, int batch, int channels, int plane, double[] mean, double[] var);

    /**
     * Normalise and affine in one pass, optionally rectified:
     * y[i, c, p] = max((x[i, c, p] − mean[c])·scale[c] + shift[c], floor) over (N, C, L), with
     * scale = γ/√(σ² + eps) and shift = β; floor = −∞ for plain batch normalisation and 0 for batch
     * normalisation followed by a ReLU (a NaN stays NaN). y may be x (same offset).
     *
     * @param x the input buffer, contiguous (N, C, L) from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer, contiguous (N, C, L) from yo
     * @param yo the offset of the output's first element in {@code y}
     * @param batch the number of samples N
     * @param channels the number of channels C
     * @param plane the elements per sample and channel L
     * @param mean the per-channel value subtracted first (μ)
     * @param scale the per-channel factor (γ/√(σ² + eps))
     * @param shift the per-channel value added last (β)
     * @param floor the lower bound of the output: {@code Float.NEGATIVE_INFINITY} (none) or 0 (ReLU)
     */
    void batchNormForward(float[] x, int xo, float[] y, int yo, int batch, int channels, int plane, float[] mean,
            float[] scale, float[] shift, float floor);

    /**
     * The two reductions of the batch-normalisation backward, per channel over (N, L):
     * {@code sumDy[c] = Σ g} and {@code sumDyXc[c] = Σ g·(x − mean[c])}, with g = dy, or, when the
     * rectified output y of {@link #batchNormForward} with floor 0 is given, g = dy where y &gt; 0
     * (or NaN) and 0 where y ≤ 0 (the ReLU's mask, read from its output).
     *
     * @param dy the output gradient, contiguous (N, C, L) from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param x the forward's input, contiguous (N, C, L) from xo
     * @param xo the offset of its first element in {@code x}
     * @param y the rectified forward output, contiguous from yo, or null when no ReLU was fused
     * @param yo the offset of its first element in {@code y}
     * @param batch the number of samples N
     * @param channels the number of channels C
     * @param plane the elements per sample and channel L
     * @param mean the per-channel mean the forward subtracted
     * @param sumDy Σ g per channel, written [0, C)
     * @param sumDyXc Σ g·(x − mean) per channel, written [0, C)
     */
    void batchNormGradientSums(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int batch, int channels, int plane,
            float[] mean, double[] sumDy, double[] sumDyXc);

    /**
     * The input gradient once the sums of {@link #batchNormGradientSums} are known:
     * dx[i, c, p] = g·a[c] + x·b[c] + d[c] over (N, C, L), with g the (masked, when y is given) output
     * gradient as there. Each element is read before it is written, so dx may be dy (same offset).
     *
     * @param dy the output gradient, contiguous (N, C, L) from dyo
     * @param dyo the offset of its first element in {@code dy}
     * @param x the forward's input, contiguous (N, C, L) from xo
     * @param xo the offset of its first element in {@code x}
     * @param y the rectified forward output, contiguous from yo, or null when no ReLU was fused
     * @param yo the offset of its first element in {@code y}
     * @param dx the input gradient, contiguous (N, C, L) from dxo, written whole
     * @param dxo the offset of its first element in {@code dx}
     * @param batch the number of samples N
     * @param channels the number of channels C
     * @param plane the elements per sample and channel L
     * @param a the per-channel factor on g
     * @param b the per-channel factor on x
     * @param d the per-channel constant
     */
    void batchNormInputGradient(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, float[] dx, int dxo, int batch,
            int channels, int plane, float[] a, float[] b, float[] d);

    /**
     * The tail of a residual block in one pass: y[yo+i] = max(a[ao+i] + b[bo+i], 0) for i &lt; n (a NaN
     * stays NaN); y may be a or b (same offset).
     *
     * @param a the main branch's buffer
     * @param ao the offset of its first element in {@code a}
     * @param b the shortcut's buffer
     * @param bo the offset of its first element in {@code b}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     */
    void addRelu(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    // ------------------------------------------------------------------ threads, parallel ranges, strided rows
    // (what the ops need from the backend besides arithmetic: how many threads, how a range of work is
    // split across them, how a strided layout is walked row by row)

    /** A piece of host-side work over the indices [lo, hi); see {@link #parallelFor}. */
    @FunctionalInterface
    interface RangeBody {
        /**
         * Runs the work for the indices [lo, hi).
         *
         * @param lo the first index
         * @param hi one past the last index
         */
        void run(int lo, int hi);
    }

    /** A kernel over one row of a strided walk; see {@link #forEachRow}. */
    @FunctionalInterface
    interface RowKernel {
        /**
         * Processes one row: output elements oo … oo+n−1 (contiguous), with first-operand elements
         * ao + i·as and second-operand elements bo + i·bs for i &lt; n.
         *
         * @param ao the first operand's offset of the row's first element
         * @param as the first operand's stride along the row (0 where broadcast)
         * @param bo the second operand's offset of the row's first element
         * @param bs the second operand's stride along the row (0 where broadcast)
         * @param oo the row-major index of the row's first element in the output
         * @param n the number of elements in the row
         */
        void row(int ao, int as, int bo, int bs, int oo, int n);
    }

    /**
     * {@return how many threads this backend's work issued by the calling thread may use: the global
     * setting, or inside {@link #withThreads} the smaller of it and the scope's budget}
     */
    int threads();

    /**
     * Sets how many threads the backend's work may use (the calling thread included), for every thread
     * that has no budget of its own, like {@code torch.set_num_threads}.
     *
     * @param n the number of threads (≥ 1)
     * @throws IllegalArgumentException when {@code n < 1}
     * @throws IllegalStateException inside {@link #withThreads}
     */
    void setThreads(int n);

    /**
     * Runs {@code body} on the calling thread with the backend's work limited to {@code n} threads,
     * without changing the setting other threads see; scopes nest.
     *
     * @param n the thread budget (≥ 1)
     * @param body the work run under the budget
     * @throws IllegalArgumentException when {@code n < 1}
     */
    void withThreads(int n, Runnable body);

    /**
     * Runs {@code body} over the items [0, count), split into contiguous chunks across the backend's
     * threads when there is enough work for the split to pay (each chunk at least the element-wise
     * grain, counting {@code itemCost} elements per item), else as one call {@code body.run(0, count)}
     * on the calling thread. The chunks are disjoint and cover [0, count) once; their bounds depend
     * only on {@code count}, {@code itemCost} and {@link #threads()}, so a body whose items are
     * independent gives the same result for every thread count.
     *
     * @param count the number of items
     * @param itemCost the work of one item, in elements of simple element-wise work (a row's length)
     * @param body the work on a chunk of items
     */
    void parallelFor(int count, int itemCost, RangeBody body);

    /**
     * Walks a contiguous output of {@code shape} row by row: calls {@code kernel} for runs of
     * consecutive output elements with the offsets and strides at which two inputs, read with the
     * strides {@code sa}/{@code sb} (0 where broadcast) from {@code aOffset}/{@code bOffset}, hold
     * the matching elements. Every output element is in exactly one row, rows come in row-major order;
     * how the elements are cut into rows is the backend's choice (a fast one merges the dimensions
     * the layouts allow, so a contiguous tensor is one long row). An empty shape visits nothing; a
     * rank-0 shape is one row of one element.
     *
     * @param shape the shape of the output (and of the broadcast inputs)
     * @param sa the first input's stride per dimension (0 where broadcast)
     * @param aOffset the first input's offset of element (0, …, 0)
     * @param sb the second input's stride per dimension (0 where broadcast)
     * @param bOffset the second input's offset of element (0, …, 0)
     * @param kernel the work on one row
     */
    void forEachRow(int[] shape, int[] sa, int aOffset, int[] sb, int bOffset, RowKernel kernel);
}
