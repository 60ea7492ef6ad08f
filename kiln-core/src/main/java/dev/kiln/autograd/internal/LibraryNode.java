package dev.kiln.autograd.internal;

import dev.kiln.autograd.Node;
import dev.kiln.tensor.Tensor;

/**
 * A graph node written by the library itself. The backward engine trusts such a node with its
 * buffer reuse: its backward keeps no reference to the gradient it is given or to the gradients it
 * returns, so an exclusive gradient may be overwritten in place by its one consumer and recycled
 * once consumed. A user-written {@link Node} (or {@code Function}) is never trusted so. This type
 * lives in a package the {@code dev.kiln.core} module does not export: users cannot extend it.
 */
public abstract class LibraryNode extends Node {
    /** Records the edges to the nodes of {@code inputs}, as {@link Node#Node(Tensor...)}. */
    protected LibraryNode(Tensor... inputs) {
        super(inputs);
    }
}
