package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/**
 * softmax, log_softmax and softmin along one dimension, each a single fused kernel (max
 * subtraction, exponentials and normalisation in one pass over each row), so logits of ±100
 * give finite, correct values. The loops are the backend's
 * ({@link Backend#softmax} and its siblings; float64 through {@link ReferenceBackend}).
 *
 * <ul>
 * <li>softmax: yᵢ = e^(xᵢ−m) / Σⱼ e^(xⱼ−m), m = maxⱼ xⱼ; backward gx = y ⊙ (g − Σ g⊙y).</li>
 * <li>log_softmax: yᵢ = xᵢ − m − log Σⱼ e^(xⱼ−m); backward gx = g − e^y · Σ g.</li>
 * <li>softmin(x) = softmax(−x).</li>
 * </ul>
 *
 * <p>Under {@code createGraph} the backward runs the same formulas as tensor ops, so double
 * backward works (the fused kernels run otherwise).
 */
public final class Softmax {

    private Softmax() {
    }

    /**
     * {@return softmax along {@code dim} (negative counts from the end)}
     *
     * @param x the input, of any shape
     * @param dim the dimension along which the result sums to 1 (log: log-sums to 0); negative counts from the end
     */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor out = run(x, dim, false);
        if (Tracing.isRecording()) {
            Tracing.record("softmax", out, Map.of("dim", dim), x);
        }
        return out;
    }

    /**
     * {@return log-softmax along {@code dim}: stable for large |x|}
     *
     * @param x the input, of any shape
     * @param dim the dimension along which the result sums to 1 (log: log-sums to 0); negative counts from the end
     */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Tensor out = run(x, dim, true);
        if (Tracing.isRecording()) {
            Tracing.record("log_softmax", out, Map.of("dim", dim), x);
        }
        return out;
    }

    /**
     * {@return softmin along {@code dim}: softmax(−x)}
     *
     * @param x the input, of any shape
     * @param dim the dimension along which the result sums to 1 (log: log-sums to 0); negative counts from the end
     */
    public static Tensor softmin(Tensor x, int dim) {
        return softmax(x.neg(), dim);
    }

    private static Tensor run(Tensor x, int dim, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        Tensor in = Pointwise.floating(x);
        if (in.dim() == 0) {
            in = in.reshape(1);
            Tensor out = run(in, 0, log);
            return out.reshape();
        }
        int d = Shape.wrapDim(op, dim, in.dim());
        Tensor c = in.contiguous();
        int[] shape = c.shape();
        int size = shape[d];
        int inner = Shape.innerSize(shape, d);
        int outer = size == 0 ? 0 : c.numel() / (size * Math.max(inner, 1));
        Tensor out;
        if (c.dtype() == DType.FLOAT32) {
            float[] y = new float[c.numel()];
            Backend backend = c.device().backend();
            if (log) {
                backend.logSoftmax(TensorInternals.floats(c), c.offset(), y, outer, size, inner);
            } else {
                backend.softmax(TensorInternals.floats(c), c.offset(), y, outer, size, inner);
            }
            out = TensorInternals.wrap(Storage.wrap(y), shape);
        } else {
            double[] y = new double[c.numel()];
            if (log) {
                ReferenceBackend.INSTANCE.logSoftmax(TensorInternals.doubles(c), c.offset(), y, outer, size, inner);
            } else {
                ReferenceBackend.INSTANCE.softmax(TensorInternals.doubles(c), c.offset(), y, outer, size, inner);
            }
            out = TensorInternals.wrap(Storage.wrap(y), shape);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new SoftmaxBackward(in, out, d, outer, size, inner, log));
        }
        return out;
    }

    // ------------------------------------------------------------------ backward

    private static final class SoftmaxBackward extends LibraryNode {
        private final SavedTensor y;
        private final int dim;
        private final int outer;
        private final int size;
        private final int inner;
        private final boolean log;

        SoftmaxBackward(Tensor x, Tensor y, int dim, int outer, int size, int inner, boolean log) {
            super(x);
            this.y = save(y);
            this.dim = dim;
            this.outer = outer;
            this.size = size;
            this.inner = inner;
            this.log = log;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = y.get(this);
            if (GradMode.isEnabled()) {
                // createGraph: the same formulas from tensor ops on the saved output (whose graph
                // leads back to x), so that the gradient can be differentiated again
                Tensor gy = g.to(out.dtype());
                return new Tensor[] {log ? gy.sub(out.exp().mul(gy.sum(dim, true)))
                        : out.mul(gy.sub(gy.mul(out).sum(dim, true)))};
            }
            Tensor gc = g.to(out.dtype()).contiguous();
            int n = out.numel();
            Tensor result;
            if (out.dtype() == DType.FLOAT32) {
                float[] gx = Workspace.floats(n); // every element is written
                Backend backend = out.device().backend();
                if (log) {
                    backend.logSoftmaxBackward(TensorInternals.floats(out), TensorInternals.floats(gc), gc.offset(), gx, outer, size, inner);
                } else {
                    backend.softmaxBackward(TensorInternals.floats(out), TensorInternals.floats(gc), gc.offset(), gx, outer, size, inner);
                }
                result = TensorInternals.wrap(Storage.wrap(gx), out.shape());
            } else {
                double[] gx = new double[n];
                if (log) {
                    ReferenceBackend.INSTANCE.logSoftmaxBackward(TensorInternals.doubles(out), TensorInternals.doubles(gc), gc.offset(), gx, outer, size, inner);
                } else {
                    ReferenceBackend.INSTANCE.softmaxBackward(TensorInternals.doubles(out), TensorInternals.doubles(gc), gc.offset(), gx, outer, size, inner);
                }
                result = TensorInternals.wrap(Storage.wrap(gx), out.shape());
            }
            return new Tensor[] {fresh(result, g.dtype())};
        }

        /** {@code r} in {@code type}; either way a gradient that nothing else holds. */
        private static Tensor fresh(Tensor r, DType type) {
            return TensorInternals.markExclusiveGrad(r.to(type));
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
        }
    }
}
