package dev.kiln.autograd;

import dev.kiln.autograd.internal.NodeInternals;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Loan;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One recorded operation in the autograd graph: it knows how to turn the gradient of its output
 * into gradients of its inputs, and where those inputs' own nodes are.
 *
 * <p>A subclass saves what its backward needs with {@link #save(Tensor)} in its constructor and
 * implements {@link #backward(Tensor)}. The engine sums each returned gradient back to the
 * input's shape when the forward broadcast it, so a backward formula can ignore broadcasting.
 *
 * <pre>{@code
 * final class MulBackward extends Node {
 *     private final SavedTensor a, b;
 *     MulBackward(Tensor a, Tensor b) { super(a, b); this.a = save(a); this.b = save(b); }
 *     protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(b.get(this)), g.mul(a.get(this))}; }
 * }
 * }</pre>
 */
public abstract class Node {
    static {
        NodeInternals.grant(Node::addHook);
    }

    private final Node[] next;
    private final int[][] inputShapes;
    private List<SavedTensor> saved;
    /** The loans of the lent forward outputs this node holds (inputs and saved tensors); null when none. */
    private List<Loan> loans;
    private boolean released;
    /** Gradient hooks of the tensor this node produces (or accumulates into), in registration order; null when none. */
    private List<UnaryOperator<Tensor>> hooks;

    /**
     * Records the edges to the nodes of {@code inputs}; a null input or one that needs no grad has no edge.
     *
     * @param inputs the op's inputs, in order (null for an absent optional one)
     */
    protected Node(Tensor... inputs) {
        next = new Node[inputs.length];
        inputShapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null) {
                next[i] = TensorInternals.gradEdge(t);
                inputShapes[i] = t.shape();
                hold(t);
            }
        }
    }

    /** Counts this node among the holders of {@code t}'s array when it is a lent forward output ({@link Loan}). */
    private void hold(Tensor t) {
        Loan loan = TensorInternals.storage(t).loan();
        if (loan != null) {
            loan.hold();
            if (loans == null) {
                loans = new ArrayList<>(2);
            }
            loans.add(loan);
        }
    }

    /**
     * Gradients of the inputs, in the order they were given to the constructor, from the
     * gradient of the output. An entry may be null when that input needs no gradient.
     *
     * @param gradOutput the gradient of the loss with respect to this node's output
     * @return the gradient of each input (null where none is needed), of that input's shape
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Saves a tensor for backward, remembering its version.
     *
     * @param t the tensor saved
     * @return the saved tensor, which checks the version when it is read
     */
    protected final SavedTensor save(Tensor t) {
        if (saved == null) {
            saved = new ArrayList<>(2);
        }
        SavedTensor s = new SavedTensor(t);
        saved.add(s);
        hold(t);
        return s;
    }

    /**
     * {@return true when input {@code i} needs a gradient (so backward may skip computing the others)}
     *
     * @param i the input's index, in the order the inputs were given
     */
    protected final boolean needsGrad(int i) {
        return next[i] != null;
    }

    /**
     * {@return the op's name as anomaly mode and error messages print it}
     */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }

    /**
     * {@return the nodes of this node's inputs (null where an input needs no gradient)}
     */
    public final Node[] nextNodes() {
        return next;
    }

    /**
     * Adds a hook that the engine calls with the gradient reaching this node before the node uses
     * it; a hook may return a replacement gradient (of the same shape) or null to keep it. Reached
     * through {@link NodeInternals} by {@link Tensor#registerHook} and {@link Tensor#retainGrad()}.
     */
    private HookHandle addHook(UnaryOperator<Tensor> hook) {
        if (hooks == null) {
            hooks = new ArrayList<>(1);
        }
        hooks.add(hook);
        return () -> {
            if (hooks != null) {
                hooks.removeIf(h -> h == hook);
            }
        };
    }

    final boolean hasHooks() {
        return hooks != null && !hooks.isEmpty();
    }

    /** Runs the hooks in order, each on the previous one's result. */
    final Tensor runHooks(Tensor grad) {
        Tensor g = grad;
        for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
            Tensor r = hook.apply(g);
            if (r != null) {
                if (!dev.kiln.tensor.Shape.same(r.shape(), g.shape())) {
                    throw new IllegalStateException("gradient hook on " + name() + ": returned shape "
                            + dev.kiln.tensor.Shape.str(r.shape()) + " for a gradient of shape " + dev.kiln.tensor.Shape.str(g.shape()));
                }
                g = r;
            }
        }
        return g;
    }

    /**
     * {@return the shapes of the inputs, in constructor order (null where an input was null)}
     */
    public final int[][] inputShapes() {
        int[][] copy = new int[inputShapes.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = inputShapes[i] == null ? null : inputShapes[i].clone();
        }
        return copy;
    }

    final int[][] shapesOfInputs() {
        return inputShapes;
    }

    final boolean isReleased() {
        return released;
    }

    /**
     * Frees the saved tensors; the loans this node held whose last holder it was (and whose output did not
     * escape) are added to {@code dead}, for the engine to give back once the pass is over.
     */
    final void release(List<Loan> dead) {
        released = true;
        if (saved != null) {
            for (SavedTensor s : saved) {
                s.release();
            }
        }
        if (loans != null) {
            for (Loan loan : loans) {
                if (loan.letGo()) {
                    dead.add(loan);
                }
            }
            loans = null;
        }
        onRelease();
    }

    /**
     * Called once when the engine frees this node after a backward without {@code retainGraph}
     * (the node can never run again): a node may hand its scratch buffers back for reuse here.
     */
    protected void onRelease() {
    }
}
