package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
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
 * The element-wise machinery behind the activations: applies an {@link Activation} from the
 * backend's table and records a node whose backward multiplies the upstream gradient by f'(x),
 * evaluated next to the forward. Float32 runs the backend's loops ({@link Backend#activationForward},
 * {@link Backend#activationBackward}: a vector kernel, or f's float64 formula rounded once); float64
 * runs the backend's {@code double[]} overloads (the reference loops on the CPU).
 *
 * <p>Each activation also gives its derivative as a {@link Derivative} built from differentiable
 * tensor ops. The backward uses the backend's, except under {@code createGraph} (grad mode on during
 * backward), where it returns g·f'(x) from the tensor-op rule, so that the gradient can be
 * differentiated again (double backward through {@code nn.Tanh}, {@code nn.ReLU}…).
 */
final class Pointwise {
    private Pointwise() {
    }

    /** f'(x) as a tensor built from differentiable ops (the rule double backward differentiates). */
    @FunctionalInterface
    interface Derivative {
        Tensor at(Tensor x);
    }

    /** y = f(x) element-wise, with dy/dx = f'(x) (and, for double backward, {@code rule}); {@code op} names the op in the graph. */
    static Tensor apply(String op, Tensor x, Activation f, Derivative rule) {
        Tensor in = floating(x);
        Tensor c = in.contiguous();
        int off = c.offset();
        int n = c.numel();
        Backend backend = c.device().backend();
        Tensor out;
        if (c.dtype() == DType.FLOAT32) {
            float[] src = TensorInternals.floats(c);
            Storage storage = ForwardArrays.floats(n); // written whole
            float[] dst = storage.floats();
            backend.parallelFor(n, 1, (lo, hi) -> backend.activationForward(f, src, off + lo, dst, lo, hi - lo));
            out = TensorInternals.wrap(storage, c.shape());
        } else {
            double[] src = TensorInternals.doubles(c);
            double[] dst = new double[n];
            backend.parallelFor(n, 1, (lo, hi) -> backend.activationForward(f, src, off + lo, dst, lo, hi - lo));
            out = TensorInternals.wrap(Storage.wrap(dst), c.shape());
        }
        recordTrace(op, out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, new PointwiseBackward(op, in, f, rule));
        }
        return out;
    }

    /**
     * y = f(x) written into x's own storage when x is a fresh float32 layer output covering its whole
     * array ({@link Tensor#takeFreshOutput()}); else {@code otherwise}. Only for an f whose derivative
     * can be read from the output (ReLU: y &gt; 0 exactly where x &gt; 0); the node saves the overwritten tensor.
     */
    static Tensor applyConsuming(String op, Tensor x, Activation f, Derivative rule, Supplier<Tensor> otherwise) {
        if (x.dtype() != DType.FLOAT32 || !TensorInternals.takeFreshOutput(x) || !x.isContiguous() || x.offset() != 0
                || x.numel() != TensorInternals.storage(x).length() || (x.requiresGrad() && x.isLeaf())) {
            return otherwise.get();
        }
        float[] a = TensorInternals.floats(x);
        int n = x.numel();
        Backend backend = x.device().backend();
        backend.parallelFor(n, 1, (lo, hi) -> backend.activationForward(f, a, lo, a, lo, hi - lo));
        TensorInternals.storage(x).bumpVersion();
        Tensor out = TensorInternals.wrap(TensorInternals.storage(x), x.shape());
        recordTrace(op, out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, new PointwiseBackward(op, x, f, rule));
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

    /** g·f'(x) in float64 through the backend's float64 loop (x and g of one shape), in g's dtype. */
    private static Tensor referenceGradient(Activation f, Tensor x, Tensor g) {
        Tensor xc = x.to(DType.FLOAT64).contiguous();
        Tensor gc = g.to(DType.FLOAT64).contiguous();
        double[] xs = TensorInternals.doubles(xc);
        double[] gs = TensorInternals.doubles(gc);
        int xo = xc.offset();
        int go = gc.offset();
        int n = xc.numel();
        double[] dst = new double[n];
        Backend backend = xc.device().backend();
        backend.parallelFor(n, 1, (lo, hi) -> backend.activationBackward(f, xs, xo + lo, gs, go + lo, dst, lo, hi - lo));
        Tensor r = TensorInternals.wrap(Storage.wrap(dst), xc.shape());
        return TensorInternals.markExclusiveGrad(g.dtype() == DType.FLOAT64 ? r : r.to(g.dtype()));
    }

    private static final class PointwiseBackward extends LibraryNode {
        private final String op;
        private final SavedTensor x;
        private final Activation f;
        private final Derivative rule;

        PointwiseBackward(String op, Tensor x, Activation f, Derivative rule) {
            super(x);
            this.op = op;
            this.x = save(x);
            this.f = f;
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
            if (in.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
                return new Tensor[] {kernelGradient(f, in, g)};
            }
            return new Tensor[] {referenceGradient(f, in, g)};
        }

        @Override
        public String name() {
            return op + "Backward";
        }
    }
}
