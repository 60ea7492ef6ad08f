package dev.kiln.autograd;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A user-defined differentiable operation: subclass it, write the forward and the backward, and
 * call it with {@link #apply}.
 *
 * <p>{@link #forward} runs with recording turned off, so it may use any tensor operation (or raw
 * arrays) without building a graph. It saves what the backward needs with
 * {@link FunctionContext#saveForBackward}. When grad mode is on and an input requires grad, the
 * result gets a graph node ({@code <Name>Backward}) that calls {@link #backward} with the same
 * context and the gradient of the output, and must return one gradient per input (null where
 * {@link FunctionContext#needsInputGrad} is false or the input is not differentiable). Saved
 * tensors are checked against in-place modification and freed after a backward that does not
 * retain the graph, exactly as for built-in ops.
 *
 * <pre>{@code
 * // swish(x) = x·σ(x);  d/dx = σ(x)·(1 + x·(1 − σ(x)))
 * final class Swish extends Function {
 *     protected Tensor forward(FunctionContext ctx, Tensor... in) {
 *         Tensor x = in[0];
 *         Tensor s = x.sigmoid();
 *         ctx.saveForBackward(x, s);
 *         return x.mul(s);
 *     }
 *     protected Tensor[] backward(FunctionContext ctx, Tensor g) {
 *         Tensor[] saved = ctx.savedTensors();
 *         Tensor x = saved[0], s = saved[1];
 *         return new Tensor[] {g.mul(s.mul(x.mul(s.rsub(1)).add(1)))};
 *     }
 * }
 * Tensor y = new Swish().apply(x);
 * }</pre>
 *
 * <p>The backward is written with tensor operations, so with {@code createGraph} it is itself
 * recorded and can be differentiated again. A Function instance holds no per-call state (that
 * lives in the context), so one instance may be applied many times.
 */
public abstract class Function {
    /** For subclasses. */
    protected Function() {
    }

    /**
     * Computes the output from the inputs (recording is off here).
     *
     * @param ctx where to save tensors and values for the backward
     * @param inputs the tensors given to {@link #apply}, in order (entries may be null)
     * @return the output; returning an input as it is gives a new tensor sharing its storage
     */
    protected abstract Tensor forward(FunctionContext ctx, Tensor... inputs);

    /**
     * The gradients of the inputs from the gradient of the output.
     *
     * @param ctx the context the forward filled
     * @param gradOutput ∂L/∂output, of the output's shape
     * @return one entry per input, in order: ∂L/∂input (of the input's shape, or broadcastable to
     *     it, in which case it is summed back), or null for no gradient
     */
    protected abstract Tensor[] backward(FunctionContext ctx, Tensor gradOutput);

    /**
     * {@return the name used in the graph node ({@code name() + "Backward"}) and in error messages; the class name by default}
     */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "Function" : n;
    }

    /**
     * Runs {@link #forward} without recording and, when grad mode is on and any input requires
     * grad, attaches a node to the output that calls {@link #backward}.
     *
     * @param inputs the inputs of the operation
     * @return the outputs of forward, connected to the graph when an input requires grad
     */
    public final Tensor apply(Tensor... inputs) {
        boolean[] needs = new boolean[inputs.length];
        boolean record = GradMode.isEnabled();
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = record && inputs[i] != null && inputs[i].requiresGrad();
            any |= needs[i];
        }
        FunctionContext ctx = new FunctionContext(needs);
        Tensor out;
        try (var _ = GradMode.disabled()) {
            out = forward(ctx, inputs.clone());
        }
        if (out == null) {
            throw new IllegalStateException(name() + ".forward returned null");
        }
        boolean isInput = false;
        for (Tensor t : inputs) {
            isInput |= t == out;
        }
        if (isInput || out.requiresGrad()) {
            out = out.detach();
        }
        if (any) {
            FunctionNode node = new FunctionNode(this, ctx, inputs);
            Engine.record(out, node);
        }
        return out;
    }

    /** The graph node of one application: calls the user's backward and checks what it returns. */
    private static final class FunctionNode extends Node {
        private final Function function;
        private final FunctionContext ctx;
        private final int[][] shapes;
        private final DType[] dtypes;

        FunctionNode(Function function, FunctionContext ctx, Tensor[] inputs) {
            super(inputs);
            this.function = function;
            this.ctx = ctx;
            shapes = new int[inputs.length][];
            dtypes = new DType[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != null) {
                    shapes[i] = inputs[i].shape();
                    dtypes[i] = inputs[i].dtype();
                }
            }
            Tensor[] toSave = ctx.pendingSaves();
            SavedTensor[] saved = new SavedTensor[toSave.length];
            for (int i = 0; i < toSave.length; i++) {
                saved[i] = toSave[i] == null ? null : save(toSave[i]);
            }
            ctx.attach(this, saved);
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput) {
            Tensor[] grads = function.backward(ctx, gradOutput);
            if (grads == null || grads.length != shapes.length) {
                throw new IllegalStateException(name() + ": backward returned " + (grads == null ? "null" : grads.length + " gradients")
                        + " for " + shapes.length + " inputs (return one entry per input, null where there is none)");
            }
            Tensor[] out = new Tensor[grads.length];
            for (int i = 0; i < grads.length; i++) {
                Tensor g = grads[i];
                if (g == null || !needsGrad(i)) {
                    continue;
                }
                if (!Shape.same(g.shape(), shapes[i]) && !broadcastsTo(shapes[i], g.shape())) {
                    throw new IllegalStateException(name() + ": backward returned a gradient of shape " + Shape.str(g.shape())
                            + " for input " + i + " of shape " + Shape.str(shapes[i]));
                }
                out[i] = g.dtype() == dtypes[i] ? g : g.to(dtypes[i]);
            }
            return out;
        }

        /** True when {@code small} broadcasts to {@code big}, so that a gradient of {@code big} can be summed back. */
        private static boolean broadcastsTo(int[] small, int[] big) {
            if (small.length > big.length) {
                return false;
            }
            for (int i = 1; i <= small.length; i++) {
                int s = small[small.length - i];
                if (s != 1 && s != big[big.length - i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String name() {
            return function.name() + "Backward";
        }
    }
}
