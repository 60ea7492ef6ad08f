package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The gradient arrays that one of the library's nodes handed to several of its inputs at once (an add's
 * backward, the residual add+ReLU's: the same {@code g} for both branches). No consumer owns such an
 * array, so none may overwrite or recycle it; the backward pass counts its outstanding deliveries instead
 * — one per pending gradient that is, or views, the array — and hands the array to the {@code Workspace}
 * once the last delivery was consumed (its node has run) or merged into a sum.
 *
 * <p>An array that left the engine (a hook, a user's node, {@code Autograd.grad} saw it) is never
 * recycled; a delivery that is never consumed (a skipped branch) keeps its array from being recycled.
 */
final class SharedGradients {
    /**
     * Outstanding deliveries of each tracked array; null while none is tracked (most passes share no gradient:
     * then neither a table nor an identity hash, costly on a fresh array, is made).
     */
    private Map<Object, int[]> outstanding;
    private final Predicate<Object> handedOut;

    /**
     * Counts for one backward pass.
     *
     * @param handedOut true for the arrays of the gradients that left the engine in this pass (never recycled)
     */
    SharedGradients(Predicate<Object> handedOut) {
        this.handedOut = handedOut;
    }

    /** Starts counting the deliveries of {@code g}'s array: the engine owns it, and it goes to several inputs. */
    void track(Tensor g) {
        if (outstanding == null) {
            outstanding = new IdentityHashMap<>();
        }
        outstanding.putIfAbsent(array(g), new int[1]);
    }

    /** {@return true when {@code g}'s array is tracked (its deliveries counted)} */
    boolean tracks(Tensor g) {
        return g != null && tracksAny() && outstanding.containsKey(array(g));
    }

    /** Notes that {@code g} was delivered as some node's pending gradient. */
    void delivered(Tensor g) {
        int[] count = g == null || !tracksAny() ? null : outstanding.get(array(g));
        if (count != null) {
            count[0]++;
        }
    }

    /** Notes that a delivered {@code g} was consumed or merged; recycles its array after the last one. */
    void dropped(Tensor g) {
        if (g == null || !tracksAny()) {
            return;
        }
        Object a = array(g);
        int[] count = outstanding.get(a);
        if (count != null && --count[0] == 0) {
            outstanding.remove(a);
            if (!handedOut.test(a)) {
                BackwardPass.recycle(g);
            }
        }
    }

    private boolean tracksAny() {
        return outstanding != null && !outstanding.isEmpty();
    }

    private static Object array(Tensor g) {
        return TensorInternals.storage(g).array();
    }
}
