package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.cpu.Gemm;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.backend.cpu.ScratchPool;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernel of {@link Layers#linear} for a 2-D input: y = x·Wᵀ + b as one pass.
 *
 * <p>Forward: the rows of y start as copies of b and one SGEMM adds x·Wᵀ reading W through its
 * strides (no transposed copy); for one or two rows a matrix–vector loop over the rows of W
 * replaces the SGEMM, which would pack all of W for a single row. Backward (one node for the whole
 * layer): dx = dy·W and dW = dyᵀ·x as SGEMMs on transposed views (dW comes out contiguous in W's
 * layout), db = Σ_rows dy as a column sum. When the backward is itself recorded (create_graph),
 * the same formulas are evaluated with differentiable tensor ops instead.
 */
final class FusedLinear {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rows of x up to which the forward runs as matrix–vector products. */
    private static final int GEMV_ROWS = 2;
    /** Multiply-adds per thread below which the matrix–vector loop stays on one thread. */
    private static final long GEMV_GRAIN = 1L << 16;

    private FusedLinear() {
    }

    /** True when the kernel applies: float32 throughout and a 2-D input. */
    static boolean applies(Tensor x, Tensor w, Tensor b) {
        return x.dim() == 2 && x.dtype() == DType.FLOAT32 && w.dtype() == DType.FLOAT32
                && (b == null || b.dtype() == DType.FLOAT32);
    }

    /** y = x·Wᵀ + b for x (rows, in), W (out, in), b (out) or null; shapes already checked. */
    static Tensor forward(Tensor x, Tensor w, Tensor b) {
        int rows = x.size(0);
        int in = x.size(1);
        int out = w.size(0);
        float[] y = new float[rows * out];
        if (rows <= GEMV_ROWS && w.strides()[1] == 1) {
            gemv(x, w, b, y, rows, in, out);
        } else {
            float beta = 0f;
            if (b != null) {
                float[] bd = TensorInternals.floats(b);
                int bo = b.offset();
                int bs = b.strides()[0];
                for (int j = 0; j < out; j++) {
                    y[j] = bd[bo + j * bs];
                }
                for (int i = 1; i < rows; i++) {
                    System.arraycopy(y, 0, y, i * out, out);
                }
                beta = 1f;
            }
            Gemm.sgemm(rows, out, in, 1f, TensorInternals.floats(x), x.offset(), x.strides()[0], x.strides()[1],
                    TensorInternals.floats(w), w.offset(), w.strides()[1], w.strides()[0], beta, y, 0, out);
        }
        Tensor result = TensorInternals.markFreshOutput(TensorInternals.wrap(Storage.wrap(y), rows, out));
        if (Engine.needsGrad(x, w) || (b != null && Engine.needsGrad(b))) {
            Engine.record(result, new LinearBackward(x, w, b));
        }
        return result;
    }

    /** y[i, j] = b[j] + Σ_p x[i, p]·W[j, p] with W's rows contiguous; parallel over j when large. */
    private static void gemv(Tensor x, Tensor w, Tensor b, float[] y, int rows, int in, int out) {
        float[] xd = TensorInternals.floats(x);
        float[] wd = TensorInternals.floats(w);
        int wo = w.offset();
        int ws = w.strides()[0];
        float[] xr = new float[rows * in];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < in; p++) {
                xr[i * in + p] = xd[x.offset() + i * x.strides()[0] + p * x.strides()[1]];
            }
        }
        float[] bd = b == null ? null : TensorInternals.floats(b);
        int bo = b == null ? 0 : b.offset();
        int bs = b == null ? 0 : b.strides()[0];
        long work = (long) rows * in * out;
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), work / GEMV_GRAIN));
        Parallel.forChunks(out, chunks, (lo, hi) -> {
            for (int i = 0; i < rows; i++) {
                int j = lo;
                for (; j + 4 <= hi; j += 4) {
                    dots4(xr, i * in, wd, wo + j * ws, ws, in, y, i * out + j);
                }
                for (; j < hi; j++) {
                    y[i * out + j] = dot(xr, i * in, wd, wo + j * ws, in);
                }
                if (bd != null) {
                    for (j = lo; j < hi; j++) {
                        y[i * out + j] += bd[bo + j * bs];
                    }
                }
            }
        });
    }

    /** y[yo + r] = Σ_p x[xo + p]·W[wo + r·ws + p] for the four rows r of W: one load of x serves four dots. */
    private static void dots4(float[] x, int xo, float[] w, int wo, int ws, int n, float[] y, int yo) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int w1 = wo + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int p = 0;
        for (; p + l <= n; p += l) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            a0 = xv.fma(FloatVector.fromArray(S, w, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(S, w, w1 + p), a1);
            a2 = xv.fma(FloatVector.fromArray(S, w, w2 + p), a2);
            a3 = xv.fma(FloatVector.fromArray(S, w, w3 + p), a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; p < n; p++) {
            float xp = x[xo + p];
            s0 += xp * w[wo + p];
            s1 += xp * w[w1 + p];
            s2 += xp * w[w2 + p];
            s3 += xp * w[w3 + p];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
        y[yo + 2] = s2;
        y[yo + 3] = s3;
    }

    /** Σ_p a[ao + p]·b[bo + p]. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int l = S.length();
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (; p + l <= n; p += l) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; p < n; p++) {
            s += a[ao + p] * b[bo + p];
        }
        return s;
    }

    /** db[j] = Σ_i g[i, j] for a float32 g (rows, out). */
    static Tensor columnSum(Tensor g) {
        int rows = g.size(0);
        int out = g.size(1);
        float[] gd = TensorInternals.floats(g);
        int go = g.offset();
        int rs = g.strides()[0];
        int cs = g.strides()[1];
        float[] db = new float[out];
        if (cs == 1) {
            int l = S.length();
            for (int i = 0; i < rows; i++) {
                int r = go + i * rs;
                int j = 0;
                for (; j + l <= out; j += l) {
                    FloatVector.fromArray(S, db, j).add(FloatVector.fromArray(S, gd, r + j)).intoArray(db, j);
                }
                for (; j < out; j++) {
                    db[j] += gd[r + j];
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < out; j++) {
                    db[j] += gd[go + i * rs + j * cs];
                }
            }
        }
        return TensorInternals.wrap(Storage.wrap(db), out);
    }

    /** The gradients of y = x·Wᵀ + b: dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy. */
    private static final class LinearBackward extends LibraryNode {
        private final SavedTensor x;
        private final SavedTensor w;

        LinearBackward(Tensor x, Tensor w, Tensor b) {
            super(x, w, b);
            this.x = needsGrad(1) ? save(x) : null;
            this.w = needsGrad(0) ? save(w) : null;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            boolean kernels = !GradMode.isEnabled() && g.dtype() == DType.FLOAT32;
            int rows = g.size(0);
            int out = g.size(1);
            if (needsGrad(0)) {
                Tensor wt = w.get(this);
                if (kernels) {
                    int in = wt.size(1);
                    float[] dx = ScratchPool.floats(rows * in); // written whole (beta = 0)
                    Gemm.sgemm(rows, in, out, 1f, TensorInternals.floats(g), g.offset(), g.strides()[0], g.strides()[1],
                            TensorInternals.floats(wt), wt.offset(), wt.strides()[0], wt.strides()[1], 0f, dx, 0, in);
                    gx = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dx), rows, in));
                } else {
                    gx = g.matmul(wt);
                }
            }
            if (needsGrad(1)) {
                Tensor xt = x.get(this);
                if (kernels) {
                    int in = xt.size(1);
                    float[] dw = new float[out * in];
                    Gemm.sgemm(out, in, rows, 1f, TensorInternals.floats(g), g.offset(), g.strides()[1], g.strides()[0],
                            TensorInternals.floats(xt), xt.offset(), xt.strides()[0], xt.strides()[1], 0f, dw, 0, in);
                    gw = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dw), out, in));
                } else {
                    gw = g.t().matmul(xt);
                }
            }
            if (needsGrad(2)) {
                gb = kernels ? TensorInternals.markExclusiveGrad(columnSum(g)) : g.sum(0, false);
            }
            return new Tensor[] {gx, gw, gb};
        }

        @Override
        public String name() {
            return "LinearBackward";
        }
    }
}
