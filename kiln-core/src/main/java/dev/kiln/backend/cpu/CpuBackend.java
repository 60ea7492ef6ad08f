package dev.kiln.backend.cpu;

import dev.kiln.backend.Activation;
import dev.kiln.backend.AdamStep;
import dev.kiln.backend.Backend;
import dev.kiln.backend.BinaryFunction;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.CrossEntropyTargets;
import dev.kiln.backend.MathFunction;
import dev.kiln.backend.PoolWindows;
import dev.kiln.backend.SgdStep;
import dev.kiln.backend.Workspace;

/**
 * The CPU backend: every primitive as Vector API loops over float32 arrays (whole vectors of the
 * preferred species, then a scalar tail), split across the {@link Parallel} pool where the
 * primitive is large enough. The kernels live one concept per file in this package:
 * {@link FloatVectors} (element-wise), {@code ActivationKernels}, {@code Reductions}, {@link Gemm}
 * and {@code Gemv}, {@code SoftmaxKernels}, {@code OptimizerKernels}, {@link PoolKernels}. The
 * convolution primitives choose the kernel form by shape: {@link FewChannelConv} (one group, at most 32
 * output channels), {@link Winograd} (3×3, stride 1), else {@link ChunkedConv} (im2col and GEMM per
 * chunk of samples).
 */
public final class CpuBackend implements Backend {
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public int lanes() {
        return FloatVectors.S.length();
    }

    @Override
    public void map(MathFunction f, float[] x, int xo, float[] y, int yo, int n) {
        switch (f) {
            case NEG -> FloatVectors.neg(x, xo, y, yo, n);
            case ABS -> FloatVectors.abs(x, xo, y, yo, n);
            case EXP -> FloatVectors.exp(x, xo, y, yo, n);
            case LOG -> FloatVectors.log(x, xo, y, yo, n);
            case SQRT -> FloatVectors.sqrt(x, xo, y, yo, n);
            case SQUARE -> FloatVectors.square(x, xo, y, yo, n);
            default -> {
                for (int i = 0; i < n; i++) { // no vector kernel: the float64 definition, rounded once
                    y[yo + i] = (float) f.apply(x[xo + i]);
                }
            }
        }
    }

    @Override
    public void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        FloatVectors.affine(x, xo, y, yo, n, scale, shift);
    }

    @Override
    public void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n, float alpha) {
        FloatVectors.add(a, ao, as, b, bo, bs, c, co, n, alpha);
    }

    @Override
    public void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        FloatVectors.mul(a, ao, as, b, bo, bs, c, co, n);
    }

    @Override
    public void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        FloatVectors.div(a, ao, as, b, bo, bs, c, co, n);
    }

    @Override
    public void activationForward(Activation f, float[] x, int xo, float[] y, int yo, int n) {
        ActivationKernels.of(f).forward(x, xo, y, yo, n);
    }

    @Override
    public void activationBackward(Activation f, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        ActivationKernels.of(f).backward(x, xo, g, go, gx, gxo, n);
    }

    @Override
    public void where(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n) {
        FloatVectors.select(c, co, a, ao, as, b, bo, bs, out, n);
    }

    // ------------------------------------------------------------------ element-wise, typed by storage (ElementwisePrimitives)
    // (float64, int64, padding and nll_loss run the interface's reference loops; float32 has vector loops here)

    @Override
    public void binary(BinaryFunction f, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        switch (f) {
            case ADD -> FloatVectors.add(a, ao, as, b, bo, bs, c, co, n, 1f);
            case MUL -> FloatVectors.mul(a, ao, as, b, bo, bs, c, co, n);
            case DIV -> FloatVectors.div(a, ao, as, b, bo, bs, c, co, n);
            default -> Backend.super.binary(f, a, ao, as, b, bo, bs, c, co, n);
        }
    }

    @Override
    public void clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        // hardtanh's kernel is the same function (with lo > hi, the bounds [hi, hi] give hi everywhere)
        ActivationKernels.of(new Activation.Hardtanh(Math.min(lo, hi), hi)).forward(x, xo, y, yo, n);
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        return FloatVectors.sum(x, xo, n);
    }

    @Override
    public float max(float[] x, int xo, int n) {
        return Reductions.extreme(x, xo, n, true);
    }

    @Override
    public float min(float[] x, int xo, int n) {
        return Reductions.extreme(x, xo, n, false);
    }

    @Override
    public void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out) {
        Reductions.columnSum(g, go, rowStride, rows, cols, out);
    }

    @Override
    public void gemm(int m, int n, int k, float alpha, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float beta, float[] c, int co, int ldc) {
        Gemm.sgemm(m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, beta, c, co, ldc);
    }

    @Override
    public void gemmBatched(int batch, int m, int n, int k, float[] a, int[] aOffs, int ars, int acs, float[] b, int[] bOffs,
            int brs, int bcs, float[] c, int[] cOffs, int ldc) {
        Gemm.sgemmBatched(batch, m, n, k, 1f, a, aOffs, ars, acs, b, bOffs, brs, bcs, 0f, c, cOffs, ldc);
    }

    @Override
    public void gemv(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out) {
        Gemv.rows(x, rows, in, w, wo, ws, y, out);
    }

    @Override
    public float[] prepackGemmB(int k, int n, float[] b, int bo, int brs, int bcs) {
        return Gemm.prepackB(k, n, b, bo, brs, bcs);
    }

    @Override
    public void gemmPrepacked(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] packedB, float beta,
            float[] c, int co, int ldc) {
        Gemm.sgemmPrepacked(m, n, k, 1f, a, ao, ars, acs, packedB, beta, c, co, ldc);
    }

    @Override
    public void softmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        SoftmaxKernels.forward(x, xo, y, outer, size, inner, false);
    }

    @Override
    public void logSoftmax(float[] x, int xo, float[] y, int outer, int size, int inner) {
        SoftmaxKernels.forward(x, xo, y, outer, size, inner, true);
    }

    @Override
    public void softmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        SoftmaxKernels.backward(y, g, go, gx, outer, size, inner, false);
    }

    @Override
    public void logSoftmaxBackward(float[] y, float[] g, int go, float[] gx, int outer, int size, int inner) {
        SoftmaxKernels.backward(y, g, go, gx, outer, size, inner, true);
    }

    @Override
    public void crossEntropy(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        CrossEntropyKernels.forward(z, zo, t, logSumExp, loss);
    }

    @Override
    public void crossEntropyBackward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, float[] gz) {
        CrossEntropyKernels.backward(z, zo, t, logSumExp, g, gz);
    }

    @Override
    public void binaryCrossEntropyWithLogits(float[] x, int xo, double[] y, double[] loss, int n) {
        CrossEntropyKernels.binaryForward(x, xo, y, loss, n);
    }

    @Override
    public void binaryCrossEntropyWithLogitsBackward(float[] x, int xo, double[] y, double[] g, float[] gx, int n) {
        CrossEntropyKernels.binaryBackward(x, xo, y, g, gx, n);
    }

    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] b, int bo, int n, SgdStep step) {
        if (n < 2 * Parallel.ELEMENTWISE_GRAIN) {
            OptimizerKernels.sgd(p, po, g, go, b, bo, n, step);
        } else {
            Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN,
                    (lo, hi) -> OptimizerKernels.sgd(p, po + lo, g, go + lo, b, bo + lo, hi - lo, step));
        }
    }

    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so, int n, AdamStep step) {
        if (n < 2 * Parallel.ELEMENTWISE_GRAIN) {
            OptimizerKernels.adam(p, po, g, go, m, v, vmax, so, n, step);
        } else {
            Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN,
                    (lo, hi) -> OptimizerKernels.adam(p, po + lo, g, go + lo, m, v, vmax, so + lo, hi - lo, step));
        }
    }

    @Override
    public void maxPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, float[] out, int[] idx) {
        if (wy.pairs(h) && wx.pairs(w)) {
            PoolKernels.maxForward2x2(x, xo, planes, h, w, out, idx);
        } else {
            PoolKernels.maxForward(x, xo, planes, h, w, wy, wx, out, idx);
        }
    }

    @Override
    public void maxPoolBackward(float[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            float[] gx) {
        if (wy.pairs(h) && wx.pairs(w)) {
            // disjoint windows: every input position is written once (g or 0), no zeroing pass
            PoolKernels.maxBackward2x2(g, go, idx, planes, h, w, gx);
        } else {
            PoolKernels.maxBackward(g, go, idx, planes, h * w, wy.size() * wx.size(), gx);
        }
    }

    @Override
    public void avgPool(float[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] out) {
        PoolKernels.avgForward(x, xo, planes, h, w, wy, wx, divisor, out);
    }

    @Override
    public void avgPoolBackward(float[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            float[] gx) {
        PoolKernels.avgBackward(g, go, planes, h, w, wy, wx, divisor, gx);
    }

    /**
     * Runs a convolution kernel with a call-local {@link Workspace} bound when the caller bound none (inference
     * outside a Trainer): the kernel's chunks then take their scratch (Winograd's V and M, column buffers,
     * partial sums) once per thread and reuse it, where each chunk allocated, and the JVM zeroed, megabytes of
     * fresh arrays (64→64 at 32×32, batch 32: 16 chunks of two 2.1 MB arrays per call).
     */
    private static void withScratch(Runnable kernel) {
        if (Workspace.current().isPresent()) {
            kernel.run();
        } else {
            new Workspace().run(kernel);
        }
    }

    @Override
    public void conv2dForward(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] w, int wo,
            float[] bias, int bo, float[] y) {
        withScratch(() -> convolve(g, batch, outChannels, groups, x, xo, w, wo, bias, bo, y));
    }

    private static void convolve(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] w, int wo,
            float[] bias, int bo, float[] y) {
        if (FewChannelConv.suits(outChannels, groups)) { // few output channels: FewChannelConv's forms (boundary)
            FewChannelConv.forward(g, batch, outChannels, x, xo, w, wo, bias, bo, y);
            return;
        }
        if (Winograd.suits(g, batch, outChannels, groups)) {
            Winograd.forward(g, batch, outChannels, x, xo, w, wo, bias, bo, y);
        } else {
            ChunkedConv.forward(g, batch, outChannels, groups, x, xo, w, wo, bias, bo, y);
        }
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, int batch, int outChannels, int groups, float[] dy, int dyo, float[] w,
            int wo, float[] dx) {
        withScratch(() -> convolveBackwardInput(g, batch, outChannels, groups, dy, dyo, w, wo, dx));
    }

    private static void convolveBackwardInput(ConvGeometry g, int batch, int outChannels, int groups, float[] dy, int dyo,
            float[] w, int wo, float[] dx) {
        if (FewChannelConv.suits(outChannels, groups)) { // few output channels: FewChannelConv's forms (boundary)
            FewChannelConv.backwardInput(g, batch, outChannels, dy, dyo, w, wo, dx);
            return;
        }
        if (Winograd.suitsBackwardInput(g, batch, outChannels, groups)) {
            Winograd.backwardInput(g, batch, outChannels, dy, dyo, w, wo, dx);
        } else {
            ChunkedConv.backwardInput(g, batch, outChannels, groups, dy, dyo, w, wo, dx);
        }
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo, float[] dy,
            int dyo, float[] dw) {
        withScratch(() -> convolveBackwardWeight(g, batch, outChannels, groups, x, xo, dy, dyo, dw));
    }

    private static void convolveBackwardWeight(ConvGeometry g, int batch, int outChannels, int groups, float[] x, int xo,
            float[] dy, int dyo, float[] dw) {
        if (FewChannelConv.suits(outChannels, groups)) { // few output channels: FewChannelConv's forms (boundary)
            FewChannelConv.backwardWeight(g, batch, outChannels, x, xo, dy, dyo, dw);
            return;
        }
        if (Winograd.suitsBackwardWeight(g, batch, outChannels, groups)) {
            Winograd.backwardWeight(g, batch, outChannels, x, xo, dy, dyo, dw);
        } else {
            ChunkedConv.backwardWeight(g, batch, outChannels, groups, x, xo, dy, dyo, dw);
        }
    }

    // ------------------------------------------------------------------ copy, cast, fill

    @Override
    public void copy(int[] shape, Object src, int[] srcStrides, int srcOffset, Object dst, int[] dstStrides, int dstOffset) {
        Strided.copy(shape, src, srcStrides, srcOffset, dst, dstStrides, dstOffset);
    }

    @Override
    public void cast(Object src, int srcOffset, Object dst, int dstOffset, int n) {
        Conversions.cast(src, srcOffset, dst, dstOffset, n);
    }

    @Override
    public void fill(Object dst, int offset, int n, double value) {
        Conversions.fill(dst, offset, n, value);
    }

    // ------------------------------------------------------------------ batch normalisation

    @Override
    public void batchNormStatistics(float[] x, int xo, int batch, int channels, int plane, double[] mean, double[] var) {
        BatchNormKernels.statistics(x, xo, batch, channels, plane, mean, var);
    }

    @Override
    public void batchNormForward(float[] x, int xo, float[] y, int yo, int batch, int channels, int plane, float[] mean,
            float[] scale, float[] shift, float floor) {
        BatchNormKernels.forward(x, xo, y, yo, batch, channels, plane, mean, scale, shift, floor);
    }

    @Override
    public void batchNormGradientSums(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int batch, int channels,
            int plane, float[] mean, double[] sumDy, double[] sumDyXc) {
        BatchNormKernels.gradientSums(dy, dyo, x, xo, y, yo, batch, channels, plane, mean, sumDy, sumDyXc);
    }

    @Override
    public void batchNormInputGradient(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, float[] dx, int dxo,
            int batch, int channels, int plane, float[] a, float[] b, float[] d) {
        BatchNormKernels.inputGradient(dy, dyo, x, xo, y, yo, dx, dxo, batch, channels, plane, a, b, d);
    }

    @Override
    public void addRelu(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN, (lo, hi) -> BatchNormKernels.addRelu(a, ao + lo, b, bo + lo, y, yo + lo, hi - lo));
    }

    // ------------------------------------------------------------------ threads, parallel ranges, strided rows
    // (tensorops' block: the thread pool is Parallel's, the strided walk Strided's)

    static {
        // the first tensor initialises this backend (Device.CPU.backend()) before any kernel runs:
        // one clear sentence if the JVM lacks the Vector API
        VectorModule.require();
    }

    @Override
    public int threads() {
        return Parallel.threads();
    }

    @Override
    public void setThreads(int n) {
        Parallel.setThreads(n);
    }

    @Override
    public void withThreads(int n, Runnable body) {
        Parallel.withThreads(n, body);
    }

    @Override
    public void parallelFor(int count, int itemCost, RangeBody body) {
        int grain = Math.max(1, Parallel.ELEMENTWISE_GRAIN / Math.max(itemCost, 1));
        if (Parallel.runsInline(count, grain)) {
            body.run(0, count);
        } else {
            Parallel.forRange(count, grain, body::run);
        }
    }

    @Override
    public void forEachRow(int[] shape, int[] sa, int aOffset, int[] sb, int bOffset, RowKernel kernel) {
        Strided.forEachRow(shape, sa, aOffset, sb, bOffset, kernel::row);
    }

    // ------------------------------------------------------------------ indexing, scans, sorting, comparisons
    // (float32 kernels; every other element type takes the interface's reference loop)

    @Override
    public void sumRows(Object x, int xo, int rows, int n, Object out) {
        if (x instanceof float[] s && out instanceof float[] r) {
            parallelFor(rows, n, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    r[i] = (float) sum(s, xo + i * n, n);
                }
            });
        } else {
            Backend.super.sumRows(x, xo, rows, n, out);
        }
    }

    @Override
    public void gather(Object src, int srcOffset, int[] positions, Object dst, int dstOffset, int n) {
        IndexingKernels.gather(src, srcOffset, positions, dst, dstOffset, n);
    }

    @Override
    public void scatter(Object src, int srcOffset, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        IndexingKernels.scatter(src, srcOffset, srcPositions, dst, dstPositions, n);
    }

    @Override
    public void scatterAdd(Object src, int srcOffset, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        IndexingKernels.scatterAdd(src, srcOffset, srcPositions, dst, dstPositions, n);
    }

    @Override
    public void indexSelect(Object src, int srcOffset, int outer, int size, int inner, int[] positions, Object dst) {
        IndexingKernels.indexSelect(src, srcOffset, outer, size, inner, positions, dst);
    }

    @Override
    public void indexAdd(Object src, int srcOffset, int outer, int inner, int[] positions, Object dst, int size) {
        IndexingKernels.indexAdd(src, srcOffset, outer, inner, positions, dst, size);
    }

    @Override
    public void where(boolean[] c, int co, int cs, Object a, int ao, int as, Object b, int bo, int bs, Object out, int n) {
        if (!(out instanceof float[] z && a instanceof float[] p && b instanceof float[] q)) {
            Backend.super.where(c, co, cs, a, ao, as, b, bo, bs, out, n);
        } else if (cs == 1) {
            where(c, co, p, ao, as, q, bo, bs, z, n); // a lane-wise blend: no mispredicted branch per element
        } else {
            IndexingKernels.whereOneCondition(c[co], p, ao, as, q, bo, bs, z, n);
        }
    }

    @Override
    public void cumsum(Object x, int xo, Object y, int outer, int n, int inner) {
        if (x instanceof float[] s && y instanceof float[] r) {
            IndexingKernels.cumsum(s, xo, r, 0, outer, n, inner); // one thread: split across two, 1.3× slower on a loaded machine
        } else {
            Backend.super.cumsum(x, xo, y, outer, n, inner);
        }
    }

    @Override
    public void argsort(Object x, int xo, int rows, int n, boolean descending, long[] out) {
        if (x instanceof float[] s) {
            // sorting a row costs about twice a simple pass over it
            parallelFor(rows, 2 * n, (lo, hi) -> IndexingKernels.argsort(s, xo, lo, hi, n, descending, out));
        } else {
            Backend.super.argsort(x, xo, rows, n, descending, out);
        }
    }

    @Override
    public void argmax(Object x, int xo, int outer, int n, int inner, long[] out) {
        argExtreme(x, xo, outer, n, inner, out, true);
    }

    @Override
    public void argmin(Object x, int xo, int outer, int n, int inner, long[] out) {
        argExtreme(x, xo, outer, n, inner, out, false);
    }

    private void argExtreme(Object x, int xo, int outer, int n, int inner, long[] out, boolean max) {
        if (!(x instanceof float[] s)) {
            if (max) {
                Backend.super.argmax(x, xo, outer, n, inner, out);
            } else {
                Backend.super.argmin(x, xo, outer, n, inner, out);
            }
        } else if (inner == 1) {
            parallelFor(outer, n, (lo, hi) -> IndexingKernels.argExtremeRows(s, xo, lo, hi, n, max, out));
        } else {
            parallelFor(outer, n * inner, (lo, hi) -> IndexingKernels.argExtremeColumns(s, xo, lo, hi, n, inner, max, out));
        }
    }

    @Override
    public void compare(CompareOp op, Object a, int ao, int as, Object b, int bo, int bs, boolean[] out, int oo, int n) {
        IndexingKernels.compare(op, a, ao, as, b, bo, bs, out, oo, n);
    }
}
