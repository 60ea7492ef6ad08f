package dev.kiln.autograd.internal;

import dev.kiln.autograd.HookHandle;
import dev.kiln.autograd.Node;
import dev.kiln.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * The library's own access to a {@link Node}'s gradient hooks (the same "shared secrets" pattern as
 * {@code TensorInternals}): {@code Tensor.registerHook} and {@code retainGrad} add a hook to the node
 * that produces (or accumulates into) a tensor. Users register hooks on the tensor, as PyTorch's
 * {@code register_hook}, never on a node.
 */
public final class NodeInternals {
    /** What {@code Node} grants when it is initialised. */
    public interface Access {
        /** Adds {@code hook} to {@code node}'s gradient hooks; the handle removes it again. */
        HookHandle addHook(Node node, UnaryOperator<Tensor> hook);
    }

    /** Set once, by {@code Node}'s static initialiser (before any node exists). */
    private static volatile Access access;

    private NodeInternals() {
    }

    /**
     * Called once by {@code Node}'s static initialiser; a second call is refused.
     *
     * @param a the access {@code Node} grants
     */
    public static synchronized void grant(Access a) {
        if (access != null) {
            throw new IllegalStateException("NodeInternals: access was already granted");
        }
        access = a;
    }

    /**
     * Adds a gradient hook to {@code node}: the engine calls it with the gradient reaching the node
     * before the node uses it; it may return a replacement of the same shape, or null to keep it.
     *
     * @param node the node (its class is initialised, since it exists)
     * @param hook called with the gradient; returns the gradient to use instead, or null to keep it
     * @return a handle whose {@link HookHandle#remove()} takes the hook off again
     */
    public static HookHandle addHook(Node node, UnaryOperator<Tensor> hook) {
        return access.addHook(node, hook);
    }
}
