package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gemm against a plain triple-loop reference in float64, also with B packed once ({@link Gemm#sgemmPrepacked}).
 * The float32 tolerance is the classical error bound of a k-term dot product,
 * |ĉ − c| ≤ (k + 2)·u·(|alpha|·Σ_p |A[i,p]·B[p,j]| + |beta·C[i,j]|) with u = 2⁻²⁴ (doubled for safety against the FMA/summation order).
 */
class GemmTest {
    private static final int[] ODD = {1, 3, 17, 31, 65, 130, 257};
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** A strided float32 matrix view: M[i, j] = data[off + i·rs + j·cs]. */
    private record Mat(float[] data, int off, int rs, int cs) {
        double get(int i, int j) {
            return data[off + i * rs + j * cs];
        }
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Checks C_out against alpha·A·B + beta·C_in by the triple loop. */
    private static void verify(String what, int m, int n, int k, float alpha, Mat a, Mat b, float beta,
                               float[] cIn, float[] cOut, int cOff, int ldc) {
        double u = Math.ulp(1.0f) / 2;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = a.get(i, p) * b.get(p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                double c0 = cIn[cOff + i * ldc + j];
                double expected = alpha * sum + (beta == 0 ? 0 : beta * c0);
                double bound = 2 * (k + 2) * u * (Math.abs(alpha) * abs + Math.abs(beta * (beta == 0 ? 0 : c0))) + 1e-30;
                double actual = cOut[cOff + i * ldc + j];
                if (!(Math.abs(actual - expected) <= bound)) {
                    fail(what + ": C[" + i + ", " + j + "] = " + actual + ", expected " + expected + " ± " + bound);
                }
            }
        }
    }

    /** The padding between the rows of C (columns n to ldc) must be untouched. */
    private static void assertPaddingUntouched(String what, int m, int n, float[] c0, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j], 0, what + ": wrote outside C");
            }
        }
    }

    /** Runs the BLAS-style entry with the given transposes, padded leading dimensions and a nonzero C. */
    private static void checkCase(Random r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 2;
        int aOff = 5;
        int bOff = 2;
        int cOff = 7;
        float[] a = random(r, aOff + (ta ? k : m) * lda);
        float[] b = random(r, bOff + (tb ? n : k) * ldb);
        float[] c = random(r, cOff + m * ldc);
        float[] c0 = c.clone();
        Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Mat am = ta ? new Mat(a, aOff, 1, lda) : new Mat(a, aOff, lda, 1);
        Mat bm = tb ? new Mat(b, bOff, 1, ldb) : new Mat(b, bOff, ldb, 1);
        String what = "sgemm(" + (ta ? "T" : "N") + (tb ? "T" : "N") + ", m=" + m + ", n=" + n + ", k=" + k
                + ", alpha=" + alpha + ", beta=" + beta + ", threads=" + Parallel.threads() + ")";
        verify(what, m, n, k, alpha, am, bm, beta, c0, c, cOff, ldc);
        assertPaddingUntouched(what, m, n, c0, c, cOff, ldc);
    }

    @Test
    void oddSizesAllTransposesOneAndTwoThreads() {
        Random r = new Random(42);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                for (int s = 0; s < 14; s++) {
                    int m = ODD[r.nextInt(ODD.length)];
                    int n = ODD[r.nextInt(ODD.length)];
                    int k = ODD[r.nextInt(ODD.length)];
                    checkCase(r, ta, tb, m, n, k, 1f, 0f);
                }
            }
        }
    }

    @Test
    void everySizeFromTheListAsEachDimension() {
        Random r = new Random(7);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int s : ODD) {
                checkCase(r, false, false, s, 33, 40, 1f, 0f);
                checkCase(r, true, false, 40, s, 33, 1f, 0f);
                checkCase(r, false, true, 33, 40, s, 1f, 0f);
            }
        }
    }

    @Test
    void alphaAndBeta() {
        Random r = new Random(3);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            checkCase(r, false, false, 65, 130, 31, 0.5f, 1f);
            checkCase(r, true, true, 130, 65, 257, -2f, 0.25f);
            checkCase(r, false, true, 17, 3, 65, 1.5f, -1f);
            checkCase(r, true, false, 3, 1, 17, 1f, 2f);
            checkCase(r, false, false, 64, 64, 64, 0f, 3f);
        }
    }

    @Test
    void blockBoundariesAndThreeThreads() {
        Random r = new Random(11);
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            // k crosses two KC slices, m crosses packing chunks of A, n crosses NB column blocks.
            checkCase(r, false, false, 8 * Gemm.MR + 5, 2 * Gemm.NB + 7, 2 * Gemm.KC + 9, 1f, 0f);
            checkCase(r, true, true, Gemm.NB + 1, Gemm.NR - 1, Gemm.KC + 1, 1f, 0.5f);
            // Few rows and many columns: the tasks split the columns.
            checkCase(r, false, true, 9, 2 * Gemm.NB + 45, 40, 1f, 0f);
        }
        Parallel.setThreads(2);
        // m crosses a region of packed A, and k the depth of a full-height region.
        checkCase(r, false, false, Gemm.MG + 7, 17, 2100, 1f, 0.5f);
        checkCase(r, true, false, Gemm.MG + 7, 40, 33, 1f, 0f);
    }

    @Test
    void unpackedPathOddSizesTransposedAAlphaBeta() {
        Random r = new Random(23);
        int[] ms = {2, 5, 12, 13, 23, 40, 64, 65};
        int[] ns = {2, 7, 16, 31, 33, 64, 84, 100};
        int[] ks = {1, 3, 33, 64, 120};
        int covered = 0;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int m : ms) {
                for (int n : ns) {
                    int k = ks[r.nextInt(ks.length)];
                    if (m * n * k >= Gemm.SMALL && DirectGemm.suits(1, m, n, k, 1)) {
                        covered++;
                    }
                    boolean ta = r.nextBoolean();
                    float alpha = r.nextBoolean() ? 1f : -0.75f;
                    float beta = r.nextInt(3) == 0 ? 0f : 0.5f;
                    checkCase(r, ta, false, m, n, k, alpha, beta);
                }
            }
        }
        if (covered < 20) {
            fail("only " + covered + " cases take the unpacked path");
        }
        // Larger products whose rows are split across threads (B still small), m not a multiple of 12.
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            if (!DirectGemm.suits(threads, 133, 100, 120, 1)) {
                fail("133x100x120 does not take the unpacked path on " + threads + " threads");
            }
            checkCase(r, false, false, 133, 100, 120, 1f, 0f);
            checkCase(r, true, false, 133, 100, 120, -0.5f, 0.25f);
            checkCase(r, false, false, 40, 257, 200, 1f, 1f);
        }
    }

    @Test
    void unpackedPathWithOperandsEndingAtArrayEnds() {
        // B and C exactly sized, so the last partial vectors of B rows and C rows end the arrays.
        Random r = new Random(29);
        for (int[] mnk : new int[][] {{64, 84, 120}, {64, 10, 84}, {37, 45, 50}, {64, 64, 64}, {17, 3, 100}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            if (!DirectGemm.suits(1, m, n, k, 1)) {
                fail(m + "x" + n + "x" + k + " does not take the unpacked path");
            }
            for (float beta : new float[] {0f, 1f}) {
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] c = random(r, m * n);
                float[] c0 = c.clone();
                Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, c, 0, n);
                verify("tight " + m + "x" + n + "x" + k + " beta=" + beta, m, n, k, 1f,
                        new Mat(a, 0, k, 1), new Mat(b, 0, n, 1), beta, c0, c, 0, n);
            }
        }
    }

    @Test
    void betaZeroOverwritesNaN() {
        Random r = new Random(5);
        int m = 40;
        int n = 50;
        int k = 60;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        verify("beta=0 over NaN", m, n, k, 1f, new Mat(a, 0, k, 1), new Mat(b, 0, n, 1), 0f, new float[m * n], c, 0, n);
    }

    @Test
    void generalStridesAndMatrixVector() {
        Random r = new Random(9);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] mnk : new int[][] {{70, 45, 33}, {100, 1, 80}, {1, 90, 70}, {5, 1, 300}}) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                // A read with row stride 2k and column stride 2 (every other element), B column-major with padding.
                float[] a = random(r, 2 * k * m + 3);
                float[] b = random(r, (k + 4) * n + 1);
                float[] c = random(r, m * n);
                float[] c0 = c.clone();
                Mat am = new Mat(a, 1, 2 * k, 2);
                Mat bm = new Mat(b, 1, 1, k + 4);
                Gemm.sgemm(m, n, k, 0.75f, a, am.off(), am.rs(), am.cs(), b, bm.off(), bm.rs(), bm.cs(), 0.5f, c, 0, n);
                verify("strided " + m + "x" + n + "x" + k, m, n, k, 0.75f, am, bm, 0.5f, c0, c, 0, n);
            }
        }
    }

    @Test
    void batchedWithSharedOperand() {
        Random r = new Random(13);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            int batch = 5;
            int m = 37;
            int n = 41;
            int k = 29;
            float[] a = random(r, batch * m * k);
            float[] b = random(r, k * n);
            float[] c = random(r, batch * m * n);
            float[] c0 = c.clone();
            int[] aOffs = new int[batch];
            int[] bOffs = new int[batch];
            int[] cOffs = new int[batch];
            for (int t = 0; t < batch; t++) {
                aOffs[t] = t * m * k;
                cOffs[t] = t * m * n;
            }
            Gemm.sgemmBatched(batch, m, n, k, 1f, a, aOffs, k, 1, b, bOffs, n, 1, 0f, c, cOffs, n);
            for (int t = 0; t < batch; t++) {
                verify("batch " + t, m, n, k, 1f, new Mat(a, aOffs[t], k, 1), new Mat(b, 0, n, 1), 0f, c0, c, cOffs[t], n);
            }
            // The uniform-stride form, with B transposed and batched too.
            float[] bb = random(r, batch * n * k);
            Gemm.sgemmBatched(batch, m, n, k, 2f, a, 0, m * k, k, 1, bb, 0, n * k, 1, k, 0f, c, 0, m * n, n);
            for (int t = 0; t < batch; t++) {
                verify("uniform batch " + t, m, n, k, 2f, new Mat(a, t * m * k, k, 1), new Mat(bb, t * n * k, 1, k),
                        0f, c0, c, t * m * n, n);
            }
        }
    }

    @Test
    void emptyAndNegativeSizes() {
        float[] c = {1f, 2f};
        Gemm.sgemm(false, false, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertEquals(0.5f, c[0]);
        assertEquals(1f, c[1]);
        Gemm.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        assertEquals(0.5f, c[0]);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2));
    }

    /**
     * {@link Gemm#sgemmPrepacked} with B packed once by {@link Gemm#prepackB}: C = alpha·A·B + beta·C with B = Wᵀ
     * (W n×k row-major, as a linear layer's weight) or B k×n row-major.
     */
    private static void checkPrepacked(Random r, int m, int n, int k, float alpha, float beta, boolean bIsWeightTransposed) {
        int lda = k + 3;
        int ldc = n + 2;
        int cOff = 4;
        float[] a = random(r, 1 + m * lda);
        float[] b = random(r, 2 + k * n);
        float[] c = random(r, cOff + m * ldc);
        float[] c0 = c.clone();
        Mat bm = bIsWeightTransposed ? new Mat(b, 2, 1, k) : new Mat(b, 2, n, 1);
        float[] packed = Gemm.prepackB(k, n, b, bm.off(), bm.rs(), bm.cs());
        Gemm.sgemmPrepacked(m, n, k, alpha, a, 1, lda, 1, packed, beta, c, cOff, ldc);
        String what = "sgemmPrepacked(m=" + m + ", n=" + n + ", k=" + k + ", alpha=" + alpha + ", beta=" + beta
                + (bIsWeightTransposed ? ", B = Wᵀ" : ", B row-major") + ", threads=" + Parallel.threads() + ")";
        verify(what, m, n, k, alpha, new Mat(a, 1, lda, 1), bm, beta, c0, c, cOff, ldc);
        assertPaddingUntouched(what, m, n, c0, c, cOff, ldc);
    }

    @Test
    void prepackedAcrossBlocksAndThreads() {
        Random r = new Random(5);
        // one and two rows take the matrix–vector path (an odd number of slivers, k across KC slices)
        int[][] shapes = {{1, 3 * Gemm.NR + 5, Gemm.KC + 70}, {2, Gemm.NR + 1, 33}, {1, 2 * Gemm.NR, 5},
            {2, 5 * Gemm.NR - 3, 2 * Gemm.KC + 1}, {3, 40, 17}, {13, Gemm.NR, 1}, {30, 10, 256}, {7, Gemm.NR - 1, 33},
            {Gemm.MR + 1, 2 * Gemm.NB + 7, 2 * Gemm.KC + 9}, {65, Gemm.NR + 1, Gemm.KC}};
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                checkPrepacked(r, s[0], s[1], s[2], 1f, 0f, true);
                checkPrepacked(r, s[0], s[1], s[2], 0.5f, 1f, false);
            }
        }
        Parallel.setThreads(2);
        // m crosses a region of packed A, and k the depth of a full-height region (a second region starts at a KC multiple).
        checkPrepacked(r, Gemm.MG + 7, Gemm.NR, 2100, 1f, 0.5f, true);
    }

    @Test
    void prepackedEdgeCases() {
        Random r = new Random(9);
        checkPrepacked(r, 5, 40, 0, 1f, 0.5f, true);
        checkPrepacked(r, 5, 40, 7, 0f, 2f, false);
        checkPrepacked(r, 0, 40, 7, 1f, 0f, true);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmPrepacked(2, 40, 8, 1f, new float[16], 0, 8, 1, new float[40 * 8], 0f, new float[80], 0, 40));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmPrepacked(2, 5, 8, 1f, new float[16], 0, 8, 1, new float[39], 0f, new float[10], 0, 5));
    }

    /** The generic {@link PackedB#pack} of a prepacked B gives the blocks {@link GemmPacking#packB} packs from B itself. */
    @Test
    void prepackedBlocksMatchPackingTheOriginal() {
        Random r = new Random(13);
        int k = Gemm.KC + 70;
        int n = 3 * Gemm.NR + 5;
        float[] b = random(r, k * n);
        PackedB.Prepacked pre = new PackedB.Prepacked(Gemm.prepackB(k, n, b, 0, n, 1), k, n);
        int[][] blocks = {{0, Gemm.KC, 0, n}, {Gemm.KC, 70, Gemm.NR, 2 * Gemm.NR + 5}, {17, 100, 5, 40}};
        for (int[] q : blocks) {
            int p0 = q[0], kc = q[1], j0 = q[2], nc = q[3];
            int size = (nc + Gemm.NR - 1) / Gemm.NR * Gemm.NR * kc;
            float[] expected = new float[size];
            float[] actual = new float[size];
            GemmPacking.packB(kc, nc, b, p0 * n + j0, n, 1, expected, 0);
            pre.pack(p0, kc, j0, nc, actual, 0, new Scratch());
            assertArrayEquals(expected, actual, "block at row " + p0 + ", column " + j0);
        }
    }
}
