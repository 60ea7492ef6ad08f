package dev.kiln.backend.cpu;

/**
 * The B operand of the blocked GEMM ({@link BlockedGemm}) as something that packs its own blocks: a
 * strided matrix in an array ({@link #strided}), an operand that exists only implicitly, such as a
 * batch of images read as their im2col column matrix ({@link ImplicitColumns}: implicit GEMM, no column
 * buffer), or a matrix packed once for many products ({@link Prepacked}, which the blocked GEMM reads in
 * place instead of packing).
 */
@FunctionalInterface
interface PackedB {
    /**
     * Packs the kc×nc block {@code B[p0 .. p0+kc, j0 .. j0+nc)} into {@link Gemm#NR}-wide slivers from
     * {@code bp[d]} on, the layout of {@link GemmPacking#packB}: sliver s holds {@code B[p0 + p, j0 + s·NR + j]}
     * at {@code d + s·NR·kc + p·NR + j}; columns past nc are zero. {@code scratch} is the packing task's own
     * (for a packer that gathers before it interleaves); not {@code bp}'s.
     */
    void pack(int p0, int kc, int j0, int nc, float[] bp, int d, Scratch scratch);

    /** The matrix {@code B[p, j] = b[bOff + p·bRs + j·bCs]}. */
    static PackedB strided(float[] b, int bOff, int bRs, int bCs) {
        return (p0, kc, j0, nc, bp, d, scratch) -> GemmPacking.packB(kc, nc, b, bOff + p0 * bRs + j0 * bCs, bRs, bCs, bp, d);
    }

    /**
     * B (k×n) packed once by {@link Gemm#prepackB}: {@link Gemm#KC}-deep slices, the slice of rows
     * {@code [p0, p0 + kc)} (p0 a multiple of KC, kc = min(KC, k − p0)) laid out from {@code p0·nPad} on as
     * {@link GemmPacking#packB} lays out the whole kc×n block (nPad = n rounded up to {@link Gemm#NR}). The
     * blocked GEMM reads its blocks in place ({@link #offset}); {@link #pack} copies them out.
     *
     * @param data the packed matrix, k·nPad floats
     * @param k the rows of B
     * @param n the columns of B
     */
    record Prepacked(float[] data, int k, int n) implements PackedB {
        public Prepacked {
            if (data.length != length(k, n)) {
                throw new IllegalArgumentException("prepacked B: " + data.length + " floats for a " + k + "×" + n
                        + " matrix, expected " + length(k, n));
            }
        }

        /** {@return the floats of a packed k×n matrix} */
        static int length(int k, int n) {
            return Math.multiplyExact(k, (n + Gemm.NR - 1) / Gemm.NR * Gemm.NR);
        }

        /** {@return where the packed block of the slice that starts at row p0 (a multiple of KC) and column j0 (a multiple of NR) starts} */
        int offset(int p0, int j0) {
            return p0 * ((n + Gemm.NR - 1) / Gemm.NR * Gemm.NR) + j0 * Math.min(Gemm.KC, k - p0);
        }

        @Override
        public void pack(int p0, int kc, int j0, int nc, float[] bp, int d, Scratch scratch) {
            int nr = Gemm.NR;
            for (int s = 0; s * nr < nc; s++) {
                for (int p = 0; p < kc; p++) {
                    int row = p0 + p;
                    int slice = row / Gemm.KC * Gemm.KC;
                    for (int j = 0; j < nr; j++) {
                        int col = j0 + s * nr + j;
                        bp[d + (s * kc + p) * nr + j] = s * nr + j < nc
                                ? data[offset(slice, col / nr * nr) + (row - slice) * nr + col % nr] : 0f;
                    }
                }
            }
        }
    }
}
