package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallGemmTest {
    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** fewRows against a float64 triple loop, over shapes that hit the 4×4 tiles, the row and column tails, offsets and strides. */
    @Test
    void fewRowsMatchesNaiveProduct() {
        Random r = new Random(3);
        int[][] shapes = {{6, 784 * 3, 25}, {16, 200, 150}, {1, 5, 3}, {5, 67, 9}, {4, 64, 1}, {7, 130, 40}};
        for (int threads : new int[] {1, 2}) {
            int before = Parallel.threads();
            Parallel.setThreads(threads);
            try {
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    int ldb = n + 3, ldc = n + 5;
                    // A read transposed (column-major) from offset 2
                    float[] a = random(r, 2 + m * k);
                    float[] b = random(r, 1 + k * ldb);
                    float[] c = new float[4 + m * ldc];
                    java.util.Arrays.fill(c, Float.NaN);
                    SmallGemm.fewRows(m, n, k, a, 2, 1, m, b, 1, ldb, c, 4, ldc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double e = 0;
                            for (int p = 0; p < k; p++) {
                                e += (double) a[2 + i + p * m] * b[1 + p * ldb + j];
                            }
                            assertEquals(e, c[4 + i * ldc + j], 1e-4 * (1 + Math.sqrt(k)), "fewRows " + m + "x" + n + "x" + k);
                        }
                    }
                }
            } finally {
                Parallel.setThreads(before);
            }
        }
    }

    /** rowDots against a float64 loop, with a long k split into slices and across threads, and odd row counts. */
    @Test
    void rowDotsMatchesNaiveProduct() {
        Random r = new Random(4);
        int[][] shapes = {{6, 25, 50_000}, {16, 150, 6400}, {3, 5, 7}, {1, 1, 2049}, {5, 3, 3000}};
        for (int threads : new int[] {1, 2}) {
            int before = Parallel.threads();
            Parallel.setThreads(threads);
            try {
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    int lda = k + 1, ldb = k + 2, ldc = n + 1;
                    float[] a = random(r, 3 + m * lda);
                    float[] b = random(r, 5 + n * ldb);
                    float[] c = new float[ldc * m];
                    SmallGemm.rowDots(m, n, k, a, 3, lda, b, 5, ldb, c, 0, ldc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double e = 0;
                            for (int p = 0; p < k; p++) {
                                e += (double) a[3 + i * lda + p] * b[5 + j * ldb + p];
                            }
                            assertEquals(e, c[i * ldc + j], 1e-5 * k, "rowDots " + m + "x" + n + "x" + k);
                        }
                    }
                }
            } finally {
                Parallel.setThreads(before);
            }
        }
    }

    /** fewRowsBatched: per-item products with a shared A and a row bias, against a float64 loop. */
    @Test
    void fewRowsBatchedAddsBiasPerRow() {
        Random r = new Random(5);
        int batch = 5, m = 6, n = 784, k = 25;
        int ldb = batch * n; // the im2col layout: item t's columns start at t·n
        float[] a = random(r, m * k);
        float[] b = random(r, k * ldb);
        float[] bias = random(r, 1 + m);
        for (boolean withBias : new boolean[] {true, false}) {
            float[] c = new float[batch * m * n];
            SmallGemm.fewRowsBatched(batch, m, n, k, a, 0, k, 1, b, 0, n, ldb, c, 0, m * n, n, withBias ? bias : null, 1);
            for (int t = 0; t < batch; t++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double e = withBias ? bias[1 + i] : 0;
                        for (int p = 0; p < k; p++) {
                            e += (double) a[i * k + p] * b[p * ldb + t * n + j];
                        }
                        assertEquals(e, c[t * m * n + i * n + j], 1e-4 * (1 + Math.sqrt(k)));
                    }
                }
            }
        }
    }

    /**
     * batchedOuterRows against a float64 loop: one vector of columns (eight-row tiles and the row tail) and
     * several (four-row tiles of two vectors, the odd last vector, the row tail), rows at shifted offsets.
     */
    @Test
    void batchedOuterRowsMatchesNaiveSum() {
        Random r = new Random(7);
        int l = SmallGemm.lanes();
        int batch = 3, p = 11;
        for (int ld : new int[] {l, 3 * l}) {
            for (int[] range : new int[][] {{0, 19}, {2, 13}, {5, 6}}) {
                int r0 = range[0], r1 = range[1];
                int bBs = r1 + p + 4;
                int[] rowOff = new int[r1];
                for (int q = 0; q < r1; q++) {
                    rowOff[q] = q + (q % 3);
                }
                float[] b = random(r, batch * bBs);
                float[] at = random(r, batch * p * ld);
                float[] acc = random(r, r1 * ld);
                float[] before = acc.clone();
                SmallGemm.batchedOuterRows(r0, r1, batch, p, b, bBs, rowOff, at, ld, acc);
                for (int q = 0; q < r1; q++) {
                    for (int c = 0; c < ld; c++) {
                        if (q < r0) {
                            assertEquals(before[q * ld + c], acc[q * ld + c], "rows before r0 untouched");
                            continue;
                        }
                        double e = 0;
                        for (int t = 0; t < batch; t++) {
                            for (int j = 0; j < p; j++) {
                                e += (double) b[t * bBs + rowOff[q] + j] * at[t * p * ld + j * ld + c];
                            }
                        }
                        assertEquals(e, acc[q * ld + c], 1e-5 * batch * p, "acc[" + q + ", " + c + "] ld " + ld);
                    }
                }
            }
        }
    }
}
