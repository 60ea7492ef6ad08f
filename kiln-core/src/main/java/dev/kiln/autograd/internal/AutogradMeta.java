package dev.kiln.autograd.internal;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.backend.Backend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The autograd state one tensor owns (PyTorch's {@code AutogradMeta}): whether it requires grad,
 * its accumulated {@code grad}, the node that produced it ({@code grad_fn}) or, for a leaf, the
 * {@link AccumulateGrad} node gradients flow into, whether it retains its gradient, and the two
 * buffer-ownership marks the engine and the kernels exchange. A tensor creates it on first use, so
 * a tensor that never meets autograd carries none. The in-place version counter lives in the
 * storage, shared by all views of it, as PyTorch's does.
 *
 * <p>Hooks live on the tensor's grad edge (its grad_fn or accumulator, see {@link Node#addHook}).
 */
public final class AutogradMeta {
    private final Tensor owner;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private AccumulateGrad accumulator;
    private boolean retainsGrad;
    /** See {@link #markExclusiveGrad()}. */
    private boolean exclusiveGrad;
    /** See {@link #markFreshOutput()}. */
    private boolean freshOutput;

    /** The (empty) autograd state of {@code owner}. */
    public AutogradMeta(Tensor owner) {
        this.owner = owner;
    }

    /** True when gradients flow to the owner: a leaf marked so, or the result of a recorded op. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks the owner, a leaf, as requiring grad or not; refused on a non-leaf or an integer tensor. */
    public void setRequiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) can only be set on a leaf; use detach() on "
                    + gradFn.name() + "'s output");
        }
        if (value && !owner.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only float32/float64 tensors can require grad, this one is "
                    + owner.dtype());
        }
        requiresGrad = value;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); its shape must be the owner's. */
    public void setGrad(Tensor g) {
        if (g != null && !Shape.same(g.shape(), owner.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape())
                    + " does not match tensor shape " + Shape.str(owner.shape()));
        }
        grad = g;
    }

    /** The node that produced the owner, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Records the node that produced the owner (which then requires grad). */
    public void setGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** The node gradients flow into: the grad_fn, the leaf's accumulator, or null. */
    public Node gradEdge() {
        if (gradFn != null) {
            return gradFn;
        }
        if (!requiresGrad) {
            return null;
        }
        if (accumulator == null) {
            accumulator = new AccumulateGrad(owner);
        }
        return accumulator;
    }

    /**
     * Adds {@code g} to the owner's gradient. A fresh exclusive gradient of the owner's type and
     * layout is adopted as it is (no copy); with grad mode on (createGraph) the sum keeps its graph.
     */
    public void accumulateGrad(Tensor g) {
        if (grad == null && !GradMode.isEnabled() && TensorInternals.isExclusiveGrad(g) && g.dtype() == owner.dtype()
                && g.base() == null && g.offset() == 0 && g.isContiguous() && TensorInternals.sameShape(g, owner)) {
            // a fresh gradient no one else holds: adopt it (once) instead of copying it
            TensorInternals.clearExclusiveGrad(g);
            grad = g;
        } else if (grad == null && GradMode.isEnabled()) {
            // createGraph: the gradient keeps its own graph, for higher-order derivatives
            grad = g.dtype() == owner.dtype() ? g.clone() : g.to(owner.dtype());
        } else if (grad == null) {
            grad = g.dtype() == owner.dtype() ? g.detach().clone() : g.detach().to(owner.dtype());
        } else if (GradMode.isEnabled()) {
            grad = grad.add(g);
        } else if (!addFloats(g)) {
            grad.add_(g);
        }
    }

    /**
     * {@code grad += g} straight through the backend when both are float32 of one shape on one device and
     * {@code grad} is dense — {@code g} may have any strides (the transposed gradient of a weight used as
     * {@code w.t()}) — without the general {@code add_}'s checks, temporary and copy back: the leaves of
     * every step accumulate here.
     *
     * @return false, and nothing changed, for any other case
     */
    private boolean addFloats(Tensor g) {
        if (grad.dtype() != DType.FLOAT32 || g.dtype() != DType.FLOAT32 || grad.device() != g.device()
                || !grad.isContiguous() || !TensorInternals.sameShape(grad, g)) {
            return false;
        }
        float[] a = TensorInternals.floats(grad);
        float[] b = TensorInternals.floats(g);
        int ao = grad.offset();
        Backend be = grad.device().backend();
        if (g.isContiguous()) {
            be.add(a, ao, 1, b, g.offset(), 1, a, ao, grad.numel(), 1f);
        } else {
            be.forEachRow(grad.shape(), grad.strides(), ao, g.strides(), g.offset(),
                    (rowA, strideA, rowB, strideB, row, n) -> be.add(a, rowA, strideA, b, rowB, strideB, a, ao + row, n, 1f));
        }
        TensorInternals.storage(grad).bumpVersion();
        return true;
    }

    /** Makes a non-leaf owner keep its gradient after backward (PyTorch's {@code retain_grad()}). */
    public void retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad: cannot retain the gradient of a tensor that does not require grad");
        }
        if (gradFn != null && !retainsGrad) {
            retainsGrad = true;
            NodeInternals.addHook(gradFn, g -> {
                accumulateGrad(g);
                return null;
            });
        }
    }

    /** True for a non-leaf on which {@link #retainGrad()} was called. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /**
     * Marks the owner, just allocated by a backward kernel and referenced nowhere else, as a gradient
     * that {@link #accumulateGrad} may adopt as a leaf's {@code grad} without copying it, that its one
     * consumer may overwrite in place, and whose array the engine hands back to the backward pass's
     * workspace once it is consumed. A kernel marks only an array it allocated for this result and
     * keeps no reference to.
     */
    public void markExclusiveGrad() {
        exclusiveGrad = true;
    }

    /** True when the owner is marked by {@link #markExclusiveGrad()}. */
    public boolean isExclusiveGrad() {
        return exclusiveGrad;
    }

    /** Clears the mark of {@link #markExclusiveGrad()} (the gradient got a second holder). */
    public void clearExclusiveGrad() {
        exclusiveGrad = false;
    }

    /**
     * Marks the owner, just returned by a library kernel into a storage allocated for it alone (no
     * node saved it), as one that an in-place activation may overwrite without a second array.
     */
    public void markFreshOutput() {
        freshOutput = true;
    }

    /** True (once) when the owner was marked by {@link #markFreshOutput()}; clears the mark. */
    public boolean takeFreshOutput() {
        boolean f = freshOutput;
        freshOutput = false;
        return f;
    }
}
