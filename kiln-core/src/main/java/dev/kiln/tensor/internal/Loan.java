package dev.kiln.tensor.internal;

import dev.kiln.backend.Workspace;

/**
 * The array of a forward output lent by a {@link Workspace}, and who still holds it: the graph nodes
 * that reference the output (as an input or a saved tensor) count themselves in when they are recorded
 * and out when the backward pass releases them. Once the last one has let go after a backward, the
 * array goes back to its workspace for the next step's outputs — unless the output {@linkplain #escape()
 * escaped} to code outside the library's own modules (the caller of the model, a forward hook, a user
 * module), which may keep it: then the garbage collector frees it as any array.
 *
 * <p>The count is of holders, not of tensors: views of the output share its storage and its loan.
 * Methods are synchronized (a loan is recorded in forward and released in backward, usually on one thread).
 */
public final class Loan {
    private final Workspace workspace;
    private final float[] array;
    private int holders;
    private boolean escaped;
    private boolean returned;

    /**
     * A loan of {@code array} from {@code workspace}.
     *
     * @param workspace the workspace the array goes back to
     * @param array the lent array
     */
    Loan(Workspace workspace, float[] array) {
        this.workspace = workspace;
        this.array = array;
    }

    /** {@return the lent array} */
    public float[] array() {
        return array;
    }

    /** Counts one more holder (a graph node recorded with the output). */
    public synchronized void hold() {
        holders++;
    }

    /**
     * Counts one holder out (a released graph node).
     *
     * @return true when no holder is left and the output did not escape: the array may go back once the
     *     backward pass is over ({@link #giveBack()})
     */
    public synchronized boolean letGo() {
        holders--;
        return holders == 0 && !escaped && !returned;
    }

    /** Marks the output as reachable from code outside the library: its array never goes back. */
    public synchronized void escape() {
        escaped = true;
    }

    /** {@return true when the output escaped (see {@link #escape()})} */
    public synchronized boolean escaped() {
        return escaped;
    }

    /**
     * Hands the array back to its workspace when nothing holds it and it did not escape (at most once).
     *
     * @return true when it went back
     */
    public synchronized boolean giveBack() {
        if (holders != 0 || escaped || returned) {
            return false;
        }
        returned = true;
        workspace.giveBack(array);
        return true;
    }
}
