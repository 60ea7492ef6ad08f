package dev.kiln.autograd;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Workspace;
import dev.kiln.autograd.internal.AccumulateGrad;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import dev.kiln.tensor.internal.Loan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>The traversal is iterative (a chain of any length backpropagates without deep recursion)
 * and deterministic: it first counts, for each node reachable from the root, how many edges
 * lead into it, then runs each node once all its consumers have delivered their gradient,
 * summing the gradients that meet at a node (fan-out).
 *
 * <p>Buffers: the pass runs in the {@link Workspace} bound by the caller (a {@code Trainer} step), or in
 * a fresh one bound for the pass alone, which dead gradient and scratch arrays go back to and later
 * nodes take theirs from. Under {@link Workspace#withoutReuse()} no gradient is handed on to be
 * overwritten in place and nothing is recycled (the plain-allocation reference of the tests). Once the
 * pass is over, the arrays of lent forward outputs ({@link Loan}) whose last holding node it released go
 * back to the workspaces they came from, for the next forward.
 */
final class BackwardPass {
    /**
     * Back-propagates {@code gradient} (the gradient of some scalar with respect to {@code root})
     * through the graph, accumulating into the {@code grad} of every leaf that requires grad.
     *
     * @param retainGraph keep saved tensors so that the graph can be back-propagated again
     * @param createGraph record the backward computation itself, for higher-order gradients
     */
    static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        Node rootNode = TensorInternals.gradEdge(root);
        if (rootNode == null) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn "
                    + "(did you forget requiresGrad(true), or compute it under GradMode.disabled()?)");
        }
        if (!TensorInternals.sameShape(gradient, root)) {
            throw new IllegalArgumentException("backward: gradient has shape " + Shape.str(gradient.shape())
                    + " but the tensor has shape " + Shape.str(root.shape()));
        }
        run(new Node[] {rootNode}, new Tensor[] {gradient}, retainGraph, createGraph, null);
    }

    /**
     * Gradients of the roots with respect to the nodes in {@code capture} (the grad edges of the
     * inputs of {@code Autograd.grad}): instead of accumulating into leaves, the gradient that
     * reaches each captured node is returned, at the captured node's index (null where none
     * arrived). Only the part of the graph that leads to a captured node runs.
     */
    static Tensor[] gradients(Node[] roots, Tensor[] rootGradients, Node[] capture, boolean retainGraph, boolean createGraph) {
        Capture c = new Capture(capture);
        run(roots, rootGradients, retainGraph, createGraph, c);
        return c.captured;
    }

    /** What {@link #gradients} collects: the nodes to capture, by index, and what reached them. */
    private static final class Capture {
        final Map<Node, int[]> index = new IdentityHashMap<>();
        final Tensor[] captured;

        Capture(Node[] nodes) {
            captured = new Tensor[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                int[] prev = index.get(nodes[i]);
                int[] all = prev == null ? new int[] {i} : java.util.Arrays.copyOf(prev, prev.length + 1);
                all[all.length - 1] = i;
                index.put(nodes[i], all);
            }
        }
    }

    private static void run(Node[] roots, Tensor[] rootGradients, boolean retainGraph, boolean createGraph, Capture capture) {
        Workspace bound = Workspace.current().orElse(null);
        if (bound != null) {
            new BackwardPass(retainGraph, createGraph, capture, bound.reusesBuffers()).run(roots, rootGradients);
        } else {
            new Workspace().run(() -> new BackwardPass(retainGraph, createGraph, capture, true).run(roots, rootGradients));
        }
    }

    /**
     * One node's state during a pass: how many of its consumers have not delivered yet, the sum of the gradients
     * delivered so far, and the states of the nodes of its inputs (aligned with {@link Node#nextNodes()}; null
     * where an input has no node), found once when the dependencies are counted.
     */
    private static final class Slot {
        final Node node;
        int dependencies;
        Tensor pending;
        /** Whether some gradient was delivered ({@code pending} holds it) since the node last ran. */
        boolean delivered;
        Slot[] children;

        Slot(Node node) {
            this.node = node;
        }

        /** Takes the summed gradient, leaving the slot empty. */
        Tensor take() {
            Tensor g = pending;
            pending = null;
            delivered = false;
            return g;
        }
    }

    private final boolean retainGraph;
    private final boolean createGraph;
    private final Capture capture;
    /** Whether gradients may be handed on to be overwritten in place and recycled. */
    private final boolean reuse;
    private final ArrayDeque<Slot> ready = new ArrayDeque<>();
    /** Lent forward outputs whose last holder this pass released: given back at the end. */
    private final List<Loan> deadLoans = new ArrayList<>();
    /** The arrays of the gradients that left the engine (a leaf's grad, a hook's or Autograd.grad's result); null until one does. */
    private Set<Object> handedOut;
    private final SharedGradients shared = new SharedGradients(this::isHandedOut);

    private BackwardPass(boolean retainGraph, boolean createGraph, Capture capture, boolean reuse) {
        this.retainGraph = retainGraph;
        this.createGraph = createGraph;
        this.capture = capture;
        this.reuse = reuse;
    }

    private void run(Node[] roots, Tensor[] rootGradients) {
        Map<Node, Slot> slots = countDependencies(roots);
        Map<Node, Boolean> leadsToCapture = capture == null ? null : leadsTo(roots, capture.index);
        for (int i = 0; i < roots.length; i++) {
            Slot r = slots.get(roots[i]);
            r.pending = r.delivered ? r.pending.add(rootGradients[i]) : rootGradients[i];
            r.delivered = true;
        }
        for (Node root : roots) {
            Slot r = slots.get(root);
            if (r.dependencies == 0 && !ready.contains(r)) {
                ready.push(r);
            }
        }
        boolean anomaly = AnomalyMode.isEnabled();
        try (var mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Slot slot = ready.pop();
                Node node = slot.node;
                Tensor grad = slot.take();
                // a delivery counted by shared (tracked before it was delivered) is dropped once the node has run
                Tensor counted = shared.tracks(grad) ? grad : null;
                if (node.hasHooks()) {
                    // a hook may keep the tensor it is given: it is no longer the engine's alone
                    TensorInternals.clearExclusiveGrad(grad);
                    handOut(grad);
                    grad = node.runHooks(grad);
                    handOut(grad);
                }
                boolean wanted = true;
                if (capture != null) {
                    int[] at = capture.index.get(node);
                    if (at != null) {
                        TensorInternals.clearExclusiveGrad(grad);
                        handOut(grad);
                        for (int i : at) {
                            capture.captured[i] = grad;
                        }
                    }
                    // Autograd.grad never accumulates into leaves, and skips what leads to no input
                    wanted = !(node instanceof AccumulateGrad) && leadsToCapture.containsKey(node);
                }
                if (!wanted) {
                    skipBranch(slot);
                    continue;
                }
                if (node.isReleased()) {
                    throw new IllegalStateException(node.name() + ": trying to backward through the graph a second time "
                            + "(its saved tensors were freed); call backward(gradient, true) to retain the graph");
                }
                if ((node instanceof AccumulateGrad && TensorInternals.isExclusiveGrad(grad)) || !libraryNode(node)) {
                    // a leaf may adopt an exclusive gradient; a user's node may keep what it is given
                    handOut(grad);
                }
                Tensor[] inputGrads = node.backward(grad);
                if (!retainGraph && !(node instanceof AccumulateGrad)) {
                    node.release(deadLoans);
                }
                boolean recycle = settleOwnership(node, grad, inputGrads, reuse && !createGraph, shared);
                int[][] shapes = node.shapesOfInputs();
                Slot[] children = slot.children;
                for (int i = 0; i < children.length; i++) {
                    Slot child = children[i];
                    if (child == null) {
                        continue;
                    }
                    Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) {
                        deliver(child, node, g, shapes[i], anomaly);
                    }
                    if (--child.dependencies == 0) {
                        if (child.delivered) {
                            ready.push(child);
                        } else {
                            skipBranch(child);
                        }
                    }
                }
                if (recycle) {
                    recycle(grad);
                }
                shared.dropped(counted);
            }
        }
        giveBack();
    }

    /** Adds {@code g}, the gradient {@code node} computed for the input of {@code child}, to what {@code child} has received. */
    private void deliver(Slot child, Node node, Tensor g, int[] inputShape, boolean anomaly) {
        if (!TensorInternals.hasShape(g, inputShape)) {
            Tensor summed = g.sumToShape(inputShape);
            if (TensorInternals.isExclusiveGrad(g) && !sameBuffer(g, summed)) {
                recycle(g);
            }
            TensorInternals.clearExclusiveGrad(g);
            g = summed;
        }
        if (anomaly) {
            Engine.checkAnomaly("backward", node, g);
        }
        shared.delivered(g);
        Tensor prev = child.delivered ? child.pending : null;
        Tensor merged = prev == null ? g : accumulate(prev, g, createGraph);
        if (prev != null) {
            if (merged != prev) {
                shared.dropped(prev);
            }
            if (merged != g) {
                shared.dropped(g);
            }
        }
        child.pending = merged;
        child.delivered = true;
    }

    /**
     * Gives the arrays of the lent forward outputs that no released node holds any more back to their
     * workspaces, now that no backward formula of the pass can read them — except an array that also backs a
     * gradient that left the engine (a backward that returned a view of a saved output).
     */
    private void giveBack() {
        for (Loan loan : deadLoans) {
            if (!isHandedOut(loan.array())) {
                loan.giveBack();
            }
        }
    }

    /** Notes the array of a gradient that leaves the engine (null: nothing). */
    private void handOut(Tensor grad) {
        if (grad != null) {
            if (handedOut == null) {
                handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            handedOut.add(TensorInternals.storage(grad).array());
        }
    }

    /** {@return true when {@code array} backs a gradient that left the engine in this pass (it is never recycled)} */
    private boolean isHandedOut(Object array) {
        return handedOut != null && handedOut.contains(array);
    }

    /** The nodes reachable from the roots from which some node of {@code targets} can be reached (targets included). */
    private static Map<Node, Boolean> leadsTo(Node[] roots, Map<Node, int[]> targets) {
        // post-order over the graph (iterative): a node leads to a target when it is one or a child does
        Map<Node, Boolean> result = new IdentityHashMap<>();
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Boolean> expanded = new ArrayDeque<>();
        for (Node r : roots) {
            stack.push(r);
            expanded.push(false);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            boolean done = expanded.pop();
            if (done) {
                boolean leads = targets.containsKey(n);
                for (Node c : n.nextNodes()) {
                    leads |= c != null && result.containsKey(c);
                }
                if (leads) {
                    result.put(n, Boolean.TRUE);
                }
                continue;
            }
            if (visited.put(n, Boolean.TRUE) != null) {
                continue;
            }
            stack.push(n);
            expanded.push(true);
            for (Node c : n.nextNodes()) {
                if (c != null && !visited.containsKey(c)) {
                    stack.push(c);
                    expanded.push(false);
                }
            }
        }
        return result;
    }

    /**
     * Decides who owns the buffers after {@code node} turned {@code grad} into {@code outputs}, and
     * returns true when {@code grad}'s array is dead and may go back to the {@link Workspace}.
     *
     * <p>A tensor marked with {@link dev.kiln.tensor.internal.TensorInternals#markExclusiveGrad} is a gradient whose array nothing
     * else references: its one consumer may overwrite it in place, and the engine recycles it once
     * that consumer has run. The rules that keep every array with at most one owner:
     * <ul>
     *   <li>without {@code reuse} — with {@code createGraph} (gradients are themselves graph values
     *   that other nodes may save), or under {@link Workspace#withoutReuse()} — nothing is exclusive
     *   and nothing is recycled;</li>
     *   <li>the outputs of a user-written node (a {@link Function}, or a {@link Node} subclass
     *   outside the library) are never exclusive, and its incoming gradient is never recycled (the
     *   user may keep either);</li>
     *   <li>an output that shares its array with another output (add's backward returns the
     *   incoming gradient for both inputs) is not exclusive; when the array is the engine's (a fresh
     *   exclusive result of the node, or the owned incoming gradient) its deliveries are counted by
     *   {@code shared}, which recycles it after the last consumer;</li>
     *   <li>an output that shares its array with the incoming gradient (the same tensor, or a view
     *   of it from reshape or transpose) keeps the array alive; it inherits the exclusivity of the
     *   incoming gradient when it is the same tensor or a contiguous view of the whole array;</li>
     *   <li>otherwise an exclusive incoming gradient is dead once the node has run (no graph is
     *   recorded with grad mode off, so the node's backward kept no reference), except at an
     *   {@link AccumulateGrad}, whose leaf may adopt it.</li>
     * </ul>
     */
    private static boolean settleOwnership(Node node, Tensor grad, Tensor[] outputs, boolean reuse,
            SharedGradients sharedArrays) {
        boolean trusted = reuse && libraryNode(node);
        boolean owned = trusted && grad != null && TensorInternals.isExclusiveGrad(grad) && !(node instanceof AccumulateGrad);
        boolean alive = false;
        boolean passedOn = false;
        for (int i = 0; i < outputs.length; i++) {
            Tensor o = outputs[i];
            if (o == null) {
                continue;
            }
            boolean viewsGrad = grad != null && sameBuffer(o, grad);
            alive |= viewsGrad;
            passedOn |= o == grad;
            boolean shared = !trusted;
            for (int j = 0; j < outputs.length && !shared; j++) {
                shared = j != i && outputs[j] != null && sameBuffer(o, outputs[j]);
            }
            if (shared) {
                if (trusted && wholeArray(o) && (viewsGrad ? owned : TensorInternals.isExclusiveGrad(o))) {
                    sharedArrays.track(o);
                }
                TensorInternals.clearExclusiveGrad(o);
            } else if (viewsGrad) {
                if (owned && (o == grad || wholeArray(o))) {
                    TensorInternals.markExclusiveGrad(o);
                } else {
                    TensorInternals.clearExclusiveGrad(o);
                }
            }
        }
        if (grad != null && !passedOn) {
            // the engine drops this tensor object now (a leaf that adopted it cleared the mark already)
            TensorInternals.clearExclusiveGrad(grad);
        }
        return owned && !alive;
    }

    /** Hands the storage array of a dead float32 or float64 gradient to the bound {@link Workspace} (other types: nothing). */
    static void recycle(Tensor t) {
        if (t == null) {
            return;
        }
        if (t.dtype() == DType.FLOAT32) {
            Workspace.recycle(TensorInternals.storage(t).floats());
        } else if (t.dtype() == DType.FLOAT64) {
            Workspace.recycle(TensorInternals.storage(t).doubles());
        }
    }

    /**
     * The sum of two gradients meeting at a node; in place into {@code prev} when the engine owns it, else
     * into {@code g} when the engine owns that one (float addition is commutative: the same sum).
     */
    private static Tensor accumulate(Tensor prev, Tensor g, boolean createGraph) {
        if (!createGraph && TensorInternals.isExclusiveGrad(prev) && prev != g && !sameBuffer(prev, g) && prev.dtype() == g.dtype()
                && wholeArray(prev) && TensorInternals.sameShape(prev, g)) {
            prev.add_(g);
            if (TensorInternals.isExclusiveGrad(g)) {
                recycle(g);
                TensorInternals.clearExclusiveGrad(g);
            }
            return prev;
        }
        if (!createGraph && TensorInternals.isExclusiveGrad(g) && prev != g && !sameBuffer(prev, g) && prev.dtype() == g.dtype()
                && wholeArray(g) && TensorInternals.sameShape(prev, g)) {
            g.add_(prev); // prev is not the engine's (else the branch above): it is dropped, not recycled
            return g;
        }
        Tensor sum = prev.add(g);
        if (!createGraph) {
            if (TensorInternals.isExclusiveGrad(prev)) {
                recycle(prev);
                TensorInternals.clearExclusiveGrad(prev);
            }
            if (TensorInternals.isExclusiveGrad(g) && prev != g) {
                recycle(g);
                TensorInternals.clearExclusiveGrad(g);
            }
        }
        return sum;
    }

    /** True for the library's own nodes, whose backward keeps no reference to the gradients it sees. */
    private static boolean libraryNode(Node node) {
        return node instanceof LibraryNode;
    }

    /** True when the two tensors view the same array. */
    static boolean sameBuffer(Tensor a, Tensor b) {
        if (TensorInternals.storage(a) == TensorInternals.storage(b)) {
            return true;
        }
        if (a.dtype() != b.dtype()) {
            return false;
        }
        if (a.dtype() == DType.FLOAT32) {
            return TensorInternals.storage(a).floats() == TensorInternals.storage(b).floats();
        }
        if (a.dtype() == DType.FLOAT64) {
            return TensorInternals.storage(a).doubles() == TensorInternals.storage(b).doubles();
        }
        return false;
    }

    /** True when {@code t} is a contiguous float tensor covering its whole array from offset 0. */
    private static boolean wholeArray(Tensor t) {
        return (t.dtype() == DType.FLOAT32 || t.dtype() == DType.FLOAT64) && t.offset() == 0 && t.isContiguous()
                && t.numel() == TensorInternals.storage(t).length();
    }

    /** A node that received no gradient at all still releases its consumers' counts below it. */
    private void skipBranch(Slot start) {
        ArrayDeque<Slot> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            for (Slot child : stack.pop().children) {
                if (child != null && --child.dependencies == 0) {
                    if (child.delivered) {
                        ready.push(child);
                    } else {
                        stack.push(child);
                    }
                }
            }
        }
    }

    /**
     * The state of every node reachable from the roots, with its dependencies counted: the number of edges that
     * lead into it from reachable nodes.
     */
    private static Map<Node, Slot> countDependencies(Node[] roots) {
        Map<Node, Slot> slots = new IdentityHashMap<>();
        ArrayDeque<Slot> stack = new ArrayDeque<>();
        for (Node root : roots) {
            if (!slots.containsKey(root)) {
                Slot s = new Slot(root);
                slots.put(root, s);
                stack.push(s);
            }
        }
        while (!stack.isEmpty()) {
            Slot s = stack.pop();
            Node[] next = s.node.nextNodes();
            s.children = new Slot[next.length];
            for (int i = 0; i < next.length; i++) {
                Node child = next[i];
                if (child == null) {
                    continue;
                }
                Slot c = slots.get(child);
                if (c == null) {
                    c = new Slot(child);
                    slots.put(child, c);
                    stack.push(c);
                }
                c.dependencies++;
                s.children[i] = c;
            }
        }
        return slots;
    }
}
