package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

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
    /** Rows of x up to which the forward runs as matrix–vector products. */
    private static final int GEMV_ROWS = 2;

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
            float beta = biasRows(b, y, rows, out);
            x.device().backend().gemm(rows, out, in, 1f, TensorInternals.floats(x), x.offset(), x.strides()[0], x.strides()[1],
                    TensorInternals.floats(w), w.offset(), w.strides()[1], w.strides()[0], beta, y, 0, out);
        }
        Tensor result = TensorInternals.markFreshOutput(TensorInternals.wrap(Storage.wrap(y), rows, out));
        if (Engine.needsGrad(x, w) || (b != null && Engine.needsGrad(b))) {
            Engine.record(result, new LinearBackward(x, w, b));
        }
        return result;
    }

    /**
     * y = x·Wᵀ + b for x (rows, in) with B = Wᵀ (in, out) packed by the backend's
     * {@link Backend#prepackGemmB} (the copy that {@link FusedLinearInference} keeps), b (out) or null; records
     * no graph (the caller checked that none is needed). The SGEMM then reads B in place instead of packing
     * (and transposing) W on every call.
     */
    static Tensor forwardPrepacked(Tensor x, float[] packedWt, Tensor b, int out) {
        int rows = x.size(0);
        int in = x.size(1);
        float[] y = new float[rows * out];
        float beta = biasRows(b, y, rows, out);
        x.device().backend().gemmPrepacked(rows, out, in, TensorInternals.floats(x), x.offset(), x.strides()[0], x.strides()[1],
                packedWt, beta, y, 0, out);
        return TensorInternals.markFreshOutput(TensorInternals.wrap(Storage.wrap(y), rows, out));
    }

    /** Fills every row of y (rows, out) with b and returns 1 (the SGEMM then adds to it), or returns 0 when b is null. */
    private static float biasRows(Tensor b, float[] y, int rows, int out) {
        if (b == null) {
            return 0f;
        }
        float[] bd = TensorInternals.floats(b);
        int bo = b.offset();
        int bs = b.strides()[0];
        for (int j = 0; j < out; j++) {
            y[j] = bd[bo + j * bs];
        }
        for (int i = 1; i < rows; i++) {
            System.arraycopy(y, 0, y, i * out, out);
        }
        return 1f;
    }

    /** y[i, j] = b[j] + Σ_p x[i, p]·W[j, p] with W's rows contiguous, as the backend's matrix–vector product. */
    private static void gemv(Tensor x, Tensor w, Tensor b, float[] y, int rows, int in, int out) {
        float[] xd = TensorInternals.floats(x);
        float[] xr = new float[rows * in];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < in; p++) {
                xr[i * in + p] = xd[x.offset() + i * x.strides()[0] + p * x.strides()[1]];
            }
        }
        w.device().backend().gemv(xr, rows, in, TensorInternals.floats(w), w.offset(), w.strides()[0], y, out);
        if (b != null) {
            float[] bd = TensorInternals.floats(b);
            int bo = b.offset();
            int bs = b.strides()[0];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < out; j++) {
                    y[i * out + j] += bd[bo + j * bs];
                }
            }
        }
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
            g.device().backend().columnSum(gd, go, rs, rows, out, db);
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
            Backend backend = g.device().backend();
            if (needsGrad(0)) {
                Tensor wt = w.get(this);
                if (kernels) {
                    int in = wt.size(1);
                    float[] dx = Workspace.floats(rows * in); // written whole (beta = 0)
                    backend.gemm(rows, in, out, 1f, TensorInternals.floats(g), g.offset(), g.strides()[0], g.strides()[1],
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
                    backend.gemm(out, in, rows, 1f, TensorInternals.floats(g), g.offset(), g.strides()[1], g.strides()[0],
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
