package dev.kiln.tensor;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradOptions;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.AutogradMeta;
import dev.kiln.autograd.internal.NodeInternals;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Reductions;

/**
 * Autograd on a tensor: requires-grad, its gradient and grad_fn, hooks, retain_grad,
 * detach and backward. The per-tensor state lives in an {@link dev.kiln.autograd.internal.AutogradMeta},
 * created the first time the tensor meets autograd. One layer of {@link Tensor} (see {@link TensorState}).
 */
abstract sealed class TensorAutograd extends TensorState permits TensorCreation {
    /** The autograd state (requires_grad, grad, grad_fn, …); null until this tensor meets autograd. */
    private AutogradMeta autograd;

    TensorAutograd(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    /** {@return the autograd state: created when {@code create}, else null when this tensor has none yet} */
    final AutogradMeta autogradMeta(boolean create) {
        if (autograd == null && create) {
            autograd = new AutogradMeta(self());
        }
        return autograd;
    }

    /**
     * {@return true when gradients flow to this tensor: a leaf marked so, or the result of a recorded op}
     */
    public boolean requiresGrad() {
        return autograd != null && autograd.requiresGrad();
    }

    /**
     * Marks this leaf as requiring grad (or not), in place, like {@code requires_grad_()}.
     *
     *
     * @param value true to record operations on this leaf for autograd, false to stop
     * @return this tensor
     */
    public Tensor requiresGrad(boolean value) {
        if (autograd == null && !value) {
            return self();
        }
        meta().setRequiresGrad(value);
        return self();
    }

    /**
     * {@return the accumulated gradient, or null when none has reached this tensor}
     */
    public Tensor grad() {
        return autograd == null ? null : autograd.grad();
    }

    /**
     * Replaces the gradient (null clears it); it must have this tensor's shape.
     *
     * @param g the new gradient, of this tensor's shape, or null to clear it
     */
    public void setGrad(Tensor g) {
        meta().setGrad(g);
    }

    /**
     * {@return the node that produced this tensor, or null for a leaf}
     */
    public Node gradFn() {
        return autograd == null ? null : autograd.gradFn();
    }

    /**
     * {@return true for tensors not produced by a recorded op}
     */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    private AutogradMeta meta() {
        if (autograd == null) {
            autograd = new AutogradMeta(self());
        }
        return autograd;
    }

    /**
     * Registers a gradient hook, as PyTorch's {@code register_hook}: each time a gradient with
     * respect to this tensor is computed (by {@code backward} or {@code Autograd.grad}), {@code hook}
     * is called with it and may return a replacement of the same shape, or null to leave it as is.
     * On a leaf the hook runs before the gradient is accumulated into {@link #grad()}.
     *
     * <pre>{@code
     * x.registerHook(g -> g.mul(2));   // doubles every gradient that flows into x
     * }</pre>
     *
     *
     * @param hook the function called with the gradient of this tensor; it returns the gradient to use instead, or null to keep it
     * @return a handle that removes the hook
     * @throws IllegalStateException when this tensor does not require grad
     */
    public dev.kiln.autograd.HookHandle registerHook(java.util.function.UnaryOperator<Tensor> hook) {
        java.util.Objects.requireNonNull(hook, "registerHook: hook");
        Node edge = autograd == null ? null : autograd.gradEdge();
        if (edge == null) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor that does not require grad");
        }
        return NodeInternals.addHook(edge, hook);
    }

    /**
     * Makes this non-leaf tensor keep its gradient in {@link #grad()} after backward (as PyTorch's
     * {@code retain_grad()}); gradients accumulate across backward calls as a leaf's do. A leaf
     * already keeps its gradient, so this does nothing for one.
     *
     * @return this tensor
     * @throws IllegalStateException when this tensor does not require grad
     */
    public Tensor retainGrad() {
        if (autograd == null) {
            throw new IllegalStateException("retainGrad: cannot retain the gradient of a tensor that does not require grad");
        }
        autograd.retainGrad();
        return self();
    }

    /**
     * {@return true for a non-leaf on which {@link #retainGrad()} was called (PyTorch's {@code retains_grad}; false for leaves)}
     */
    public boolean retainsGrad() {
        return autograd != null && autograd.retainsGrad();
    }

    /**
     * {@return a tensor sharing this one's storage that does not require grad}
     */
    public Tensor detach() {
        Tensor d = new Tensor(storage, shape, strides, offset, base);
        Tracing.record("identity", d, self());
        return d;
    }

    /** Back-propagates from this scalar with gradient 1. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this tensor has shape "
                    + Shape.str(shape) + " (pass a gradient)");
        }
        Autograd.backward(self(), self().onesLike(), GradOptions.DEFAULT);
    }

    /**
     * Back-propagates {@code gradient} (of this tensor's shape).
     *
     * @param gradient the gradient of the final result with respect to this tensor, of this tensor's shape
     */
    public void backward(Tensor gradient) {
        Autograd.backward(self(), gradient, GradOptions.DEFAULT);
    }

    /**
     * Back-propagates {@code gradient}; with {@code retainGraph} the graph can be used again.
     *
     * @param gradient the gradient of the final result with respect to this tensor, of this tensor's shape
     * @param retainGraph true to keep the graph so that backward can run through it again
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(self(), gradient == null ? self().onesLike() : gradient, GradOptions.DEFAULT.retainGraph(retainGraph));
    }

    /**
     * Sums this gradient down to {@code target} (the reverse of broadcasting).
     *
     * @param target the shape to sum down to; this tensor's shape must broadcast to it
     * @return a tensor of shape {@code target}
     */
    public Tensor sumToShape(int[] target) {
        return Reductions.sumToShape(self(), target);
    }
}
