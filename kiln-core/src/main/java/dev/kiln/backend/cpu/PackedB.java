package dev.kiln.backend.cpu;

/**
 * The B operand of the blocked GEMM ({@link BlockedGemm}) as something that packs its own blocks: a
 * strided matrix in an array ({@link #strided}), or an operand that exists only implicitly, such as a
 * batch of images read as their im2col column matrix ({@link ImplicitColumns}: implicit GEMM, no column
 * buffer).
 */
@FunctionalInterface
interface PackedB {
    /**
     * Packs the kc×nc block {@code B[p0 .. p0+kc, j0 .. j0+nc)} into {@link Gemm#NR}-wide slivers from
     * {@code bp[d]} on, the layout of {@link GemmPacking#packB}: sliver s holds {@code B[p0 + p, j0 + s·NR + j]}
     * at {@code d + s·NR·kc + p·NR + j}; columns past nc are zero.
     */
    void pack(int p0, int kc, int j0, int nc, float[] bp, int d);

    /** The matrix {@code B[p, j] = b[bOff + p·bRs + j·bCs]}. */
    static PackedB strided(float[] b, int bOff, int bRs, int bCs) {
        return (p0, kc, j0, nc, bp, d) -> GemmPacking.packB(kc, nc, b, bOff + p0 * bRs + j0 * bCs, bRs, bCs, bp, d);
    }
}
