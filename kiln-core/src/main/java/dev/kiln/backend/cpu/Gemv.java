package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix–vector products for a few rows against a matrix with contiguous rows: one load of x
 * serves four dot products. Used where a GEMM would pack the whole matrix for one row.
 */
final class Gemv {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    /** Multiply-adds per thread below which the loop stays on one thread. */
    private static final long GRAIN = 1L << 16;

    private Gemv() {
    }

    /** y[i·out + j] = Σ_p x[i·in + p]·w[wo + j·ws + p]; parallel over j when large. */
    static void rows(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out) {
        long work = (long) rows * in * out;
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), work / GRAIN));
        Parallel.forChunks(out, chunks, (lo, hi) -> {
            for (int i = 0; i < rows; i++) {
                int j = lo;
                for (; j + 4 <= hi; j += 4) {
                    dots4(x, i * in, w, wo + j * ws, ws, in, y, i * out + j);
                }
                for (; j < hi; j++) {
                    y[i * out + j] = dot(x, i * in, w, wo + j * ws, in);
                }
            }
        });
    }

    /** y[yo + r] = Σ_p x[xo + p]·W[wo + r·ws + p] for the four rows r of W: one load of x serves four dots. */
    private static void dots4(float[] x, int xo, float[] w, int wo, int ws, int n, float[] y, int yo) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int w1 = wo + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int p = 0;
        for (; p + l <= n; p += l) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            a0 = xv.fma(FloatVector.fromArray(S, w, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(S, w, w1 + p), a1);
            a2 = xv.fma(FloatVector.fromArray(S, w, w2 + p), a2);
            a3 = xv.fma(FloatVector.fromArray(S, w, w3 + p), a3);
        }
        float s0 = FloatVectors.sumLanes(a0);
        float s1 = FloatVectors.sumLanes(a1);
        float s2 = FloatVectors.sumLanes(a2);
        float s3 = FloatVectors.sumLanes(a3);
        for (; p < n; p++) {
            float xp = x[xo + p];
            s0 += xp * w[wo + p];
            s1 += xp * w[w1 + p];
            s2 += xp * w[w2 + p];
            s3 += xp * w[w3 + p];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
        y[yo + 2] = s2;
        y[yo + 3] = s3;
    }

    /** Σ_p a[ao + p]·b[bo + p]. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int l = S.length();
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (; p + l <= n; p += l) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        float s = FloatVectors.sumLanes(acc);
        for (; p < n; p++) {
            s += a[ao + p] * b[bo + p];
        }
        return s;
    }
}
