package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Activation;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The element-wise machinery behind the activations: applies a scalar function f and records a
 * node whose backward multiplies the upstream gradient by the scalar derivative f'(x), evaluated
 * next to the forward. Float32 values are computed in double and rounded once.
 *
 * <p>Each activation gives its derivative twice: as a scalar function (and a fused float32 kernel)
 * for the fast first-order backward, and as a {@link Derivative} built from differentiable tensor
 * ops. The backward uses the fast one, except under {@code createGraph} (grad mode on during
 * backward), where it returns g·f'(x) from the tensor-op rule, so that the gradient can be
 * differentiated again (double backward through {@code nn.Tanh}, {@code nn.ReLU}…).
 */
final class Pointwise {
    private Pointwise() {
    }

    /** A scalar function of one double. */
    @FunctionalInterface
    interface Fn {
        double apply(double x);
    }

    /** f'(x) as a tensor built from differentiable ops (the rule double backward differentiates). */
    @FunctionalInterface
    interface Derivative {
        Tensor at(Tensor x);
    }

    /** y = f(x) element-wise, with dy/dx = df(x) (and, for double backward, {@code rule}); {@code op} names the op in the graph. */
    static Tensor apply(String op, Tensor x, Fn f, Fn df, Derivative rule) {
        return apply(op, x, f, df, null, rule);
    }

    /**
     * As {@link #apply(String, Tensor, Fn, Fn, Derivative)}, running {@code kernel} (when not null)
     * for float32 tensors instead of the scalar functions.
     */
    static Tensor apply(String op, Tensor x, Fn f, Fn df, Activation kernel, Derivative rule) {
        Tensor in = floating(x);
        Tensor out;
        if (kernel != null && in.dtype() == DType.FLOAT32) {
            Tensor c = in.contiguous();
            float[] src = TensorInternals.floats(c);
            int off = c.offset();
            int n = c.numel();
            Storage storage = ForwardArrays.floats(n); // written whole
            float[] dst = storage.floats();
            Backend backend = c.device().backend();
            backend.parallelFor(n, 1, (lo, hi) -> backend.activationForward(kernel, src, off + lo, dst, lo, hi - lo));
            out = TensorInternals.wrap(storage, c.shape());
        } else {
            out = map(in, f);
        }
        recordTrace(op, out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, new PointwiseBackward(op, in, df, kernel, rule));
        }
        return out;
    }

    /**
     * y = f(x) written into x's own storage when x is a fresh float32 layer output covering its whole
     * array ({@link Tensor#takeFreshOutput()}); else {@code otherwise}. Only for an f whose derivative
     * can be read from the output through {@code kernel}'s backward (ReLU: y &gt; 0 exactly where x &gt; 0);
     * the node saves the overwritten tensor.
     */
    static Tensor applyConsuming(String op, Tensor x, Fn df, Activation kernel, Derivative rule, Supplier<Tensor> otherwise) {
        if (x.dtype() != DType.FLOAT32 || !TensorInternals.takeFreshOutput(x) || !x.isContiguous() || x.offset() != 0
                || x.numel() != TensorInternals.storage(x).length() || (x.requiresGrad() && x.isLeaf())) {
            return otherwise.get();
        }
        float[] a = TensorInternals.floats(x);
        int n = x.numel();
        Backend backend = x.device().backend();
        backend.parallelFor(n, 1, (lo, hi) -> backend.activationForward(kernel, a, lo, a, lo, hi - lo));
        TensorInternals.storage(x).bumpVersion();
        Tensor out = TensorInternals.wrap(TensorInternals.storage(x), x.shape());
        recordTrace(op, out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, new PointwiseBackward(op, x, df, kernel, rule));
        }
        return out;
    }

    /**
     * Reports the activation to an open {@link Trace} under its snake-case name ("LeakyRelu" as
     * {@code leaky_relu}); an activation with parameters records them itself afterwards.
     */
    private static void recordTrace(String op, Tensor out, Tensor x) {
        if (Tracing.isRecording()) {
            String name = op.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            Tracing.record(name, out, x);
        }
    }

    /** f(x) element-wise, with no autograd (for constants built from targets). */
    static Tensor map(Tensor x, Fn f) {
        Tensor c = floating(x).contiguous();
        int n = c.numel();
        int off = c.offset();
        Backend backend = c.device().backend();
        if (c.dtype() == DType.FLOAT32) {
            float[] src = TensorInternals.floats(c);
            float[] dst = new float[n];
            backend.parallelFor(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    dst[i] = (float) f.apply(src[off + i]);
                }
            });
            return TensorInternals.wrap(Storage.wrap(dst), c.shape());
        }
        double[] src = TensorInternals.doubles(c);
        double[] dst = new double[n];
        backend.parallelFor(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                dst[i] = f.apply(src[off + i]);
            }
        });
        return TensorInternals.wrap(Storage.wrap(dst), c.shape());
    }

    /** g·df(x) element-wise, in g's dtype (g and x have the same shape). */
    static Tensor chain(Tensor g, Tensor x, Fn df) {
        Tensor gc = g.contiguous();
        Tensor xc = x.contiguous();
        int n = gc.numel();
        int go = gc.offset();
        int xo = xc.offset();
        if (gc.dtype() == DType.FLOAT32 && xc.dtype() == DType.FLOAT32) {
            Backend backend = gc.device().backend();
            float[] gs = TensorInternals.floats(gc);
            float[] xs = TensorInternals.floats(xc);
            float[] dst = new float[n];
            backend.parallelFor(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    dst[i] = (float) (gs[go + i] * df.apply(xs[xo + i]));
                }
            });
            return TensorInternals.wrap(Storage.wrap(dst), gc.shape());
        }
        double[] gs = TensorInternals.doubles(gc.to(DType.FLOAT64).contiguous());
        double[] xs = TensorInternals.doubles(xc.to(DType.FLOAT64).contiguous());
        int go2 = gc.dtype() == DType.FLOAT64 ? go : 0;
        int xo2 = xc.dtype() == DType.FLOAT64 ? xo : 0;
        double[] dst = new double[n];
        for (int i = 0; i < n; i++) {
            dst[i] = gs[go2 + i] * df.apply(xs[xo2 + i]);
        }
        Tensor r = TensorInternals.wrap(Storage.wrap(dst), gc.shape());
        return g.dtype() == DType.FLOAT64 ? r : r.to(g.dtype());
    }

    /** x itself when it is float32 or float64, else x converted to float32. */
    static Tensor floating(Tensor x) {
        return x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
    }

    /**
     * True when the gradient {@code g} may be overwritten in place by a backward producing a
     * gradient of {@code shape}: it is an exclusively owned gradient (see
     * {@link Tensor#markExclusiveGrad()}) of that shape, float32, contiguous over its whole array,
     * and no graph is being recorded.
     */
    static boolean ownedWhole(Tensor g, int[] shape) {
        return TensorInternals.isExclusiveGrad(g) && !GradMode.isEnabled() && g.dtype() == DType.FLOAT32 && g.offset() == 0
                && g.isContiguous() && g.numel() == TensorInternals.storage(g).length() && Shape.same(g.shape(), shape);
    }

    /**
     * g·f'(x) by {@code kernel}'s backward for float32 x and g of one shape, written over g when the
     * engine owns it ({@link #ownedWhole}), else into a new array; the result is an exclusive gradient.
     */
    static Tensor kernelGradient(Activation kernel, Tensor x, Tensor g) {
        Tensor xc = x.contiguous();
        Tensor gc = g.contiguous();
        float[] xs = TensorInternals.floats(xc);
        float[] gs = TensorInternals.floats(gc);
        int xo = xc.offset();
        int go = gc.offset();
        int n = xc.numel();
        // the kernels read g[i] and x[i] before writing gx[i], so gx may be g itself
        boolean inPlace = gc == g && ownedWhole(g, xc.shape());
        float[] dst = inPlace ? gs : Workspace.floats(n);
        Backend backend = xc.device().backend();
        backend.parallelFor(n, 1, (lo, hi) -> backend.activationBackward(kernel, xs, xo + lo, gs, go + lo, dst, lo, hi - lo));
        return inPlace ? g : TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dst), xc.shape()));
    }

    private static final class PointwiseBackward extends LibraryNode {
        private final String op;
        private final SavedTensor x;
        private final Fn df;
        private final Activation kernel;
        private final Derivative rule;

        PointwiseBackward(String op, Tensor x, Fn df, Activation kernel, Derivative rule) {
            super(x);
            this.op = op;
            this.x = save(x);
            this.df = df;
            this.kernel = kernel;
            this.rule = rule;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor in = x.get(this);
            if (GradMode.isEnabled()) {
                if (rule == null) {
                    throw new UnsupportedOperationException(op + ": double backward (createGraph) is not supported");
                }
                return new Tensor[] {g.mul(rule.at(in).to(g.dtype()))};
            }
            if (kernel != null && in.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
                return new Tensor[] {kernelGradient(kernel, in, g)};
            }
            return new Tensor[] {TensorInternals.markExclusiveGrad(chain(g, in, df))};
        }

        @Override
        public String name() {
            return op + "Backward";
        }
    }
}
