package dev.kiln.backend.cpu;

import dev.kiln.backend.Workspace;

/**
 * The kernels' entry points for large scratch and gradient arrays (im2col column matrices, backward
 * outputs): taken from, and handed back to, the {@link Workspace} bound to the running thread, or plain
 * {@code new} arrays when none is bound. It holds no state of its own.
 *
 * <p>{@link #floats(int)} returns an array of exactly the asked length with <b>arbitrary
 * contents</b>; the caller must write every element it reads. An array handed back with
 * {@link #recycle(float[])} must no longer be referenced by anything (tensor, view or graph node).
 * Backward kernels take their (fully written) gradient arrays from here, and the autograd engine hands
 * a gradient's array back once its one consumer has run (see {@code TensorInternals.markExclusiveGrad}),
 * so a training step cycles the same, cache-warm arrays.
 */
public final class ScratchPool {
    private ScratchPool() {
    }

    /** A float array of length {@code n} from the bound workspace, or a new one; contents are arbitrary. */
    public static float[] floats(int n) {
        return Workspace.floats(n);
    }

    /** A double array of length {@code n} from the bound workspace, or a new one; contents are arbitrary. */
    public static double[] doubles(int n) {
        return Workspace.doubles(n);
    }

    /** Hands an array back to the bound workspace; it must not be referenced anywhere else any more. */
    public static void recycle(float[] a) {
        Workspace.recycle(a);
    }

    /** Hands an array back to the bound workspace; it must not be referenced anywhere else any more. */
    public static void recycle(double[] a) {
        Workspace.recycle(a);
    }
}
