package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Reductions of contiguous float32 runs with the Vector API: row max/min and column sums. */
final class Reductions {
    private static final VectorSpecies<Float> S = FloatVectors.S;

    private Reductions() {
    }

    /**
     * The max (or min) of a contiguous float row with the Vector API. Lane-wise max/min follow
     * {@link Math#max(float, float)}, so a NaN anywhere makes the result NaN.
     */
    static float extreme(float[] a, int off, int n, boolean max) {
        int l = S.length();
        int i;
        float m;
        if (n >= 2 * l) {
            FloatVector acc = FloatVector.fromArray(S, a, off);
            i = l;
            for (int up = S.loopBound(n); i < up; i += l) {
                FloatVector v = FloatVector.fromArray(S, a, off + i);
                acc = max ? acc.max(v) : acc.min(v);
            }
            m = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        } else {
            m = a[off];
            i = 1;
        }
        for (; i < n; i++) {
            float v = a[off + i];
            m = max ? Math.max(m, v) : Math.min(m, v);
        }
        return m;
    }

    /** out[j] = Σ_i g[go + i·rowStride + j] for j &lt; cols (out is overwritten). */
    static void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        int l = S.length();
        for (int i = 0; i < rows; i++) {
            int r = go + i * rowStride;
            int j = 0;
            for (; j + l <= cols; j += l) {
                FloatVector.fromArray(S, out, j).add(FloatVector.fromArray(S, g, r + j)).intoArray(out, j);
            }
            for (; j < cols; j++) {
                out[j] += g[r + j];
            }
        }
    }
}
