package dev.kiln.backend.cpu;

import dev.kiln.backend.Workspace;

/**
 * One task's scratch arrays for the GEMM and the packers of its B operand, each grown on demand to the size a
 * product needs and kept for the next: the packed sliver or region of A ({@link DirectGemm}, {@link BlockedGemm}),
 * the packed block of B and the edge tile of a blocked task, the gathered rows of {@link ImplicitColumns} and
 * the offsets and transposition tile of {@link ChannelsLastColumns}.
 *
 * <p>A task {@linkplain #borrow() borrows} one from the bound {@link Workspace} (a training step's or a
 * convolution's; a fresh one when none is bound), hands it down to the kernels it calls and
 * {@linkplain #release() releases} it when done, so every thread that runs a task at the same time holds its
 * own and a workspace reused across the steps of training reuses the same arrays; the backend itself holds no
 * scratch. Not thread-safe: one task at a time.
 */
final class Scratch {
    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] tile = new float[0];
    private float[] rows = new float[0];
    private int[] offsets = new int[0];

    /** {@return a scratch from the bound workspace, or a new one; the caller {@linkplain #release() releases} it} */
    static Scratch borrow() {
        return Workspace.borrow(Scratch.class, Scratch::new);
    }

    /** Hands this scratch back to the bound workspace; the caller must not use it any more. */
    void release() {
        Workspace.handBack(this);
    }

    /** {@return at least {@code n} floats for packed A (a 12-row sliver, or a blocked product's region); contents arbitrary} */
    float[] packedA(int n) {
        return packedA = grown(packedA, n);
    }

    /** {@return at least {@code n} floats for a task's packed block of B; contents arbitrary} */
    float[] packedB(int n) {
        return packedB = grown(packedB, n);
    }

    /** {@return at least {@code n} floats for a small tile (an edge tile of C, a transposition block); contents arbitrary} */
    float[] tile(int n) {
        return tile = grown(tile, n);
    }

    /** {@return at least {@code n} floats for rows gathered before packing; contents arbitrary} */
    float[] rows(int n) {
        return rows = grown(rows, n);
    }

    /** {@return at least {@code n} ints for a table of offsets; contents arbitrary} */
    int[] offsets(int n) {
        if (offsets.length < n) {
            offsets = new int[n];
        }
        return offsets;
    }

    /** {@return {@code a}, or a new array of {@code n} floats when {@code a} is shorter} */
    private static float[] grown(float[] a, int n) {
        return a.length < n ? new float[n] : a;
    }
}
