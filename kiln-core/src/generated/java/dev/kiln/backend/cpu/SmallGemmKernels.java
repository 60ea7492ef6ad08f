// GENERATED FILE - do not edit. Written by dev.kiln.backend.cpu.gen.KernelGenerator
// (kiln-core/src/test/java/dev/kiln/backend/cpu/gen); GeneratedKernelsTest fails when this file differs from
// the generator's output. Change the emitter and regenerate:
//   mvn -B -o -pl kiln-core test -Dtest=GeneratedKernelsTest -Dkiln.regenerate=true
package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link SmallGemm} (see there for the layouts): {@code tile<rows>x4} of its few-rows product
 * and {@code outer<rows>x<vectors>} of its batched outer products, their accumulators in named locals so
 * that they live in vector registers.
 */
final class SmallGemmKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SmallGemmKernels() {
    }

    /**
     * {@code C[i + r, j] = bias[i + r] + Σ_p a[(i + r)·k + p]·b[bo + ro[p] + j]} for r &lt; 4, j &lt; 4·L, with
     * {@code C[i + r, j] = c[co + r·ldc + j]} (bias null: zero).
     */
    static void tile4x4(int k, float[] a, int i, float[] b, int bo, int[] ro, float[] c, int co, int ldc, float[] bias) {
        FloatVector c00 = FloatVector.broadcast(S, bias == null ? 0f : bias[i]), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = FloatVector.broadcast(S, bias == null ? 0f : bias[i + 1]), c11 = c10, c12 = c10, c13 = c10;
        FloatVector c20 = FloatVector.broadcast(S, bias == null ? 0f : bias[i + 2]), c21 = c20, c22 = c20, c23 = c20;
        FloatVector c30 = FloatVector.broadcast(S, bias == null ? 0f : bias[i + 3]), c31 = c30, c32 = c30, c33 = c30;
        int r0 = i * k;
        int r1 = r0 + k;
        int r2 = r1 + k;
        int r3 = r2 + k;
        for (int p = 0; p < k; p++) {
            int bp = bo + ro[p];
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            c33 = b3.fma(a3, c33);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        c12.intoArray(c, co + 2 * L);
        c13.intoArray(c, co + 3 * L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        c22.intoArray(c, co + 2 * L);
        c23.intoArray(c, co + 3 * L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        c32.intoArray(c, co + 2 * L);
        c33.intoArray(c, co + 3 * L);
    }

    /**
     * {@code C[i + r, j] = bias[i + r] + Σ_p a[(i + r)·k + p]·b[bo + ro[p] + j]} for r &lt; 2, j &lt; 4·L, with
     * {@code C[i + r, j] = c[co + r·ldc + j]} (bias null: zero).
     */
    static void tile2x4(int k, float[] a, int i, float[] b, int bo, int[] ro, float[] c, int co, int ldc, float[] bias) {
        FloatVector c00 = FloatVector.broadcast(S, bias == null ? 0f : bias[i]), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = FloatVector.broadcast(S, bias == null ? 0f : bias[i + 1]), c11 = c10, c12 = c10, c13 = c10;
        int r0 = i * k;
        int r1 = r0 + k;
        for (int p = 0; p < k; p++) {
            int bp = bo + ro[p];
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            c13 = b3.fma(a1, c13);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        c12.intoArray(c, co + 2 * L);
        c13.intoArray(c, co + 3 * L);
    }

    /**
     * {@code C[i + r, j] = bias[i + r] + Σ_p a[(i + r)·k + p]·b[bo + ro[p] + j]} for r &lt; 1, j &lt; 4·L, with
     * {@code C[i + r, j] = c[co + r·ldc + j]} (bias null: zero).
     */
    static void tile1x4(int k, float[] a, int i, float[] b, int bo, int[] ro, float[] c, int co, int ldc, float[] bias) {
        FloatVector c00 = FloatVector.broadcast(S, bias == null ? 0f : bias[i]), c01 = c00, c02 = c00, c03 = c00;
        int r0 = i * k;
        for (int p = 0; p < k; p++) {
            int bp = bo + ro[p];
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
    }

    /**
     * {@code acc[(r + i)·ld + c + j] = Σ_t Σ_q b[t·bBs + ro[r + i] + q]·at[t·p·ld + q·ld + c + j]} (overwritten) for
     * i &lt; 8, j &lt; 1·L.
     */
    static void outer8x1(int r, int c, int batch, int p, float[] b, int bBs, int[] ro, float[] at, int ld, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
        for (int t = 0; t < batch; t++) {
            int bt = t * bBs;
            int q0 = bt + ro[r];
            int q1 = bt + ro[r + 1];
            int q2 = bt + ro[r + 2];
            int q3 = bt + ro[r + 3];
            int q4 = bt + ro[r + 4];
            int q5 = bt + ro[r + 5];
            int q6 = bt + ro[r + 6];
            int q7 = bt + ro[r + 7];
            int ao = t * p * ld + c;
            for (int j = 0; j < p; j++) {
                FloatVector x0 = FloatVector.fromArray(S, at, ao + j * ld);
                FloatVector y0 = FloatVector.broadcast(S, b[q0 + j]);
                c00 = x0.fma(y0, c00);
                FloatVector y1 = FloatVector.broadcast(S, b[q1 + j]);
                c10 = x0.fma(y1, c10);
                FloatVector y2 = FloatVector.broadcast(S, b[q2 + j]);
                c20 = x0.fma(y2, c20);
                FloatVector y3 = FloatVector.broadcast(S, b[q3 + j]);
                c30 = x0.fma(y3, c30);
                FloatVector y4 = FloatVector.broadcast(S, b[q4 + j]);
                c40 = x0.fma(y4, c40);
                FloatVector y5 = FloatVector.broadcast(S, b[q5 + j]);
                c50 = x0.fma(y5, c50);
                FloatVector y6 = FloatVector.broadcast(S, b[q6 + j]);
                c60 = x0.fma(y6, c60);
                FloatVector y7 = FloatVector.broadcast(S, b[q7 + j]);
                c70 = x0.fma(y7, c70);
            }
        }
        int o = r * ld + c;
        c00.intoArray(acc, o);
        c10.intoArray(acc, o + ld);
        c20.intoArray(acc, o + 2 * ld);
        c30.intoArray(acc, o + 3 * ld);
        c40.intoArray(acc, o + 4 * ld);
        c50.intoArray(acc, o + 5 * ld);
        c60.intoArray(acc, o + 6 * ld);
        c70.intoArray(acc, o + 7 * ld);
    }

    /**
     * {@code acc[(r + i)·ld + c + j] = Σ_t Σ_q b[t·bBs + ro[r + i] + q]·at[t·p·ld + q·ld + c + j]} (overwritten) for
     * i &lt; 4, j &lt; 2·L.
     */
    static void outer4x2(int r, int c, int batch, int p, float[] b, int bBs, int[] ro, float[] at, int ld, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int t = 0; t < batch; t++) {
            int bt = t * bBs;
            int q0 = bt + ro[r];
            int q1 = bt + ro[r + 1];
            int q2 = bt + ro[r + 2];
            int q3 = bt + ro[r + 3];
            int ao = t * p * ld + c;
            for (int j = 0; j < p; j++) {
                FloatVector x0 = FloatVector.fromArray(S, at, ao + j * ld);
                FloatVector x1 = FloatVector.fromArray(S, at, ao + j * ld + L);
                FloatVector y0 = FloatVector.broadcast(S, b[q0 + j]);
                c00 = x0.fma(y0, c00);
                c01 = x1.fma(y0, c01);
                FloatVector y1 = FloatVector.broadcast(S, b[q1 + j]);
                c10 = x0.fma(y1, c10);
                c11 = x1.fma(y1, c11);
                FloatVector y2 = FloatVector.broadcast(S, b[q2 + j]);
                c20 = x0.fma(y2, c20);
                c21 = x1.fma(y2, c21);
                FloatVector y3 = FloatVector.broadcast(S, b[q3 + j]);
                c30 = x0.fma(y3, c30);
                c31 = x1.fma(y3, c31);
            }
        }
        int o = r * ld + c;
        c00.intoArray(acc, o);
        c01.intoArray(acc, o + L);
        c10.intoArray(acc, o + ld);
        c11.intoArray(acc, o + ld + L);
        c20.intoArray(acc, o + 2 * ld);
        c21.intoArray(acc, o + 2 * ld + L);
        c30.intoArray(acc, o + 3 * ld);
        c31.intoArray(acc, o + 3 * ld + L);
    }

    /**
     * {@code acc[(r + i)·ld + c + j] = Σ_t Σ_q b[t·bBs + ro[r + i] + q]·at[t·p·ld + q·ld + c + j]} (overwritten) for
     * i &lt; 1, j &lt; 1·L.
     */
    static void outer1x1(int r, int c, int batch, int p, float[] b, int bBs, int[] ro, float[] at, int ld, float[] acc) {
        FloatVector c00 = FloatVector.zero(S);
        for (int t = 0; t < batch; t++) {
            int bt = t * bBs;
            int q0 = bt + ro[r];
            int ao = t * p * ld + c;
            for (int j = 0; j < p; j++) {
                FloatVector x0 = FloatVector.fromArray(S, at, ao + j * ld);
                FloatVector y0 = FloatVector.broadcast(S, b[q0 + j]);
                c00 = x0.fma(y0, c00);
            }
        }
        int o = r * ld + c;
        c00.intoArray(acc, o);
    }
}
