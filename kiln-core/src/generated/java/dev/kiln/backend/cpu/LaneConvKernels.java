// GENERATED FILE - do not edit. Written by dev.kiln.backend.cpu.gen.KernelGenerator
// (kiln-core/src/test/java/dev/kiln/backend/cpu/gen); GeneratedKernelsTest fails when this file differs from
// the generator's output. Change the emitter and regenerate:
//   mvn -B -o -pl kiln-core test -Dtest=GeneratedKernelsTest -Dkiln.regenerate=true
package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fixed-size register kernels of {@link LaneConv} (see there for the layouts and the maths): forward
 * tiles {@code rows<kw>x<R>}, weight-gradient tap groups {@code weightGrad<kw>x<rows>x<samples>} and
 * input-gradient bands {@code band<channels>x<vectors>[k5]}. Each keeps its accumulators in named
 * locals so that they live in vector registers.
 */
final class LaneConvKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private LaneConvKernels() {
    }

    /** Whether {@link #forwardTile} has a tile for kernel width kw and run length r. */
    static boolean hasForwardTile(int kw, int r) {
        return switch (kw * 10 + r) {
            case 14, 18, 34, 35, 37, 38, 54, 55, 57, 58 -> true;
            default -> false;
        };
    }

    /** The forward tile for kernel width kw and run length r: {@code rows<kw>x<r>}. */
    static void forwardTile(int kw, int r, int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        switch (kw * 10 + r) {
            case 14 -> rows1x4(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 18 -> rows1x8(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 34 -> rows3x4(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 35 -> rows3x5(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 37 -> rows3x7(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 38 -> rows3x8(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 54 -> rows5x4(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 55 -> rows5x5(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 57 -> rows5x7(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            case 58 -> rows5x8(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            default -> throw new IllegalArgumentException("no forward tile for kernel width " + kw + " and run length " + r);
        }
    }

    /**
     * Forward tile: two runs of 4 pixels (from x[xa], x[xb]), kernel rows of width 1 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·1 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[4·L]} on.
     */
    static void rows1x4(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, 4 * L);
        b1.intoArray(tmp, 5 * L);
        b2.intoArray(tmp, 6 * L);
        b3.intoArray(tmp, 7 * L);
    }

    /**
     * Forward tile: two runs of 8 pixels (from x[xa], x[xb]), kernel rows of width 1 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·1 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[8·L]} on.
     */
    static void rows1x8(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a7 = w0.fma(e, a7);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b7 = w0.fma(e, b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, 8 * L);
        b1.intoArray(tmp, 9 * L);
        b2.intoArray(tmp, 10 * L);
        b3.intoArray(tmp, 11 * L);
        b4.intoArray(tmp, 12 * L);
        b5.intoArray(tmp, 13 * L);
        b6.intoArray(tmp, 14 * L);
        b7.intoArray(tmp, 15 * L);
    }

    /**
     * Forward tile: two runs of 4 pixels (from x[xa], x[xb]), kernel rows of width 3 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·3 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[4·L]} on.
     */
    static void rows3x4(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b3 = w2.fma(e, b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, 4 * L);
        b1.intoArray(tmp, 5 * L);
        b2.intoArray(tmp, 6 * L);
        b3.intoArray(tmp, 7 * L);
    }

    /**
     * Forward tile: two runs of 5 pixels (from x[xa], x[xb]), kernel rows of width 3 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·3 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[5·L]} on.
     */
    static void rows3x5(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b4 = w2.fma(e, b4);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        b0.intoArray(tmp, 5 * L);
        b1.intoArray(tmp, 6 * L);
        b2.intoArray(tmp, 7 * L);
        b3.intoArray(tmp, 8 * L);
        b4.intoArray(tmp, 9 * L);
    }

    /**
     * Forward tile: two runs of 7 pixels (from x[xa], x[xb]), kernel rows of width 3 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·3 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[7·L]} on.
     */
    static void rows3x7(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a6 = w2.fma(e, a6);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b6 = w2.fma(e, b6);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        b0.intoArray(tmp, 7 * L);
        b1.intoArray(tmp, 8 * L);
        b2.intoArray(tmp, 9 * L);
        b3.intoArray(tmp, 10 * L);
        b4.intoArray(tmp, 11 * L);
        b5.intoArray(tmp, 12 * L);
        b6.intoArray(tmp, 13 * L);
    }

    /**
     * Forward tile: two runs of 8 pixels (from x[xa], x[xb]), kernel rows of width 3 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·3 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[8·L]} on.
     */
    static void rows3x8(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a7 = w0.fma(e, a7);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a7 = w1.fma(e, a7);
            a6 = w2.fma(e, a6);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a7 = w2.fma(e, a7);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b7 = w0.fma(e, b7);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b7 = w1.fma(e, b7);
            b6 = w2.fma(e, b6);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b7 = w2.fma(e, b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, 8 * L);
        b1.intoArray(tmp, 9 * L);
        b2.intoArray(tmp, 10 * L);
        b3.intoArray(tmp, 11 * L);
        b4.intoArray(tmp, 12 * L);
        b5.intoArray(tmp, 13 * L);
        b6.intoArray(tmp, 14 * L);
        b7.intoArray(tmp, 15 * L);
    }

    /**
     * Forward tile: two runs of 4 pixels (from x[xa], x[xb]), kernel rows of width 5 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·5 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[4·L]} on.
     */
    static void rows5x4(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b3 = w4.fma(e, b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, 4 * L);
        b1.intoArray(tmp, 5 * L);
        b2.intoArray(tmp, 6 * L);
        b3.intoArray(tmp, 7 * L);
    }

    /**
     * Forward tile: two runs of 5 pixels (from x[xa], x[xb]), kernel rows of width 5 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·5 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[5·L]} on.
     */
    static void rows5x5(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b4 = w4.fma(e, b4);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        b0.intoArray(tmp, 5 * L);
        b1.intoArray(tmp, 6 * L);
        b2.intoArray(tmp, 7 * L);
        b3.intoArray(tmp, 8 * L);
        b4.intoArray(tmp, 9 * L);
    }

    /**
     * Forward tile: two runs of 7 pixels (from x[xa], x[xb]), kernel rows of width 5 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·5 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[7·L]} on.
     */
    static void rows5x7(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a6 = w2.fma(e, a6);
            a5 = w3.fma(e, a5);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a6 = w3.fma(e, a6);
            a5 = w4.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 10]);
            a6 = w4.fma(e, a6);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b6 = w2.fma(e, b6);
            b5 = w3.fma(e, b5);
            b4 = w4.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b6 = w3.fma(e, b6);
            b5 = w4.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 10]);
            b6 = w4.fma(e, b6);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        b0.intoArray(tmp, 7 * L);
        b1.intoArray(tmp, 8 * L);
        b2.intoArray(tmp, 9 * L);
        b3.intoArray(tmp, 10 * L);
        b4.intoArray(tmp, 11 * L);
        b5.intoArray(tmp, 12 * L);
        b6.intoArray(tmp, 13 * L);
    }

    /**
     * Forward tile: two runs of 8 pixels (from x[xa], x[xb]), kernel rows of width 5 at {@code rowOff[0..rows)};
     * {@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·5 + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the
     * second run from {@code tmp[8·L]} on.
     */
    static void rows5x8(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a7 = w0.fma(e, a7);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a7 = w1.fma(e, a7);
            a6 = w2.fma(e, a6);
            a5 = w3.fma(e, a5);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a7 = w2.fma(e, a7);
            a6 = w3.fma(e, a6);
            a5 = w4.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 10]);
            a7 = w3.fma(e, a7);
            a6 = w4.fma(e, a6);
            e = FloatVector.broadcast(S, x[ia + 11]);
            a7 = w4.fma(e, a7);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b7 = w0.fma(e, b7);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b7 = w1.fma(e, b7);
            b6 = w2.fma(e, b6);
            b5 = w3.fma(e, b5);
            b4 = w4.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b7 = w2.fma(e, b7);
            b6 = w3.fma(e, b6);
            b5 = w4.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 10]);
            b7 = w3.fma(e, b7);
            b6 = w4.fma(e, b6);
            e = FloatVector.broadcast(S, x[ib + 11]);
            b7 = w4.fma(e, b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, 8 * L);
        b1.intoArray(tmp, 9 * L);
        b2.intoArray(tmp, 10 * L);
        b3.intoArray(tmp, 11 * L);
        b4.intoArray(tmp, 12 * L);
        b5.intoArray(tmp, 13 * L);
        b6.intoArray(tmp, 14 * L);
        b7.intoArray(tmp, 15 * L);
    }

    /**
     * Forward tile of 8 pixels at the offsets {@code pixOff[p..p+8)}, one tap at a time:
     * {@code y[yv + idx[l] + min(p + q, np − 1)] = bias + Σ_t wt[t·ld + v + l]·x[xOff + pixOff[p + q] + tapOff[t]]}
     * (pixels past np repeat the last one and store the same value again).
     */
    static void forward8(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xOff, int[] pixOff, int p,
            float[] bias, float[] y, int yv, int np, int[] idx, VectorMask<Float> m) {
        FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        int x0 = xOff + pixOff[p];
        int x1 = xOff + pixOff[p + 1];
        int x2 = xOff + pixOff[p + 2];
        int x3 = xOff + pixOff[p + 3];
        int x4 = xOff + pixOff[p + 4];
        int x5 = xOff + pixOff[p + 5];
        int x6 = xOff + pixOff[p + 6];
        int x7 = xOff + pixOff[p + 7];
        FloatVector a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int s = tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[x0 + s]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[x1 + s]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[x2 + s]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[x3 + s]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[x4 + s]), a4);
            a5 = w.fma(FloatVector.broadcast(S, x[x5 + s]), a5);
            a6 = w.fma(FloatVector.broadcast(S, x[x6 + s]), a6);
            a7 = w.fma(FloatVector.broadcast(S, x[x7 + s]), a7);
        }
        LaneConv.scatter(a0, y, yv + Math.min(p, np - 1), idx, m);
        LaneConv.scatter(a1, y, yv + Math.min(p + 1, np - 1), idx, m);
        LaneConv.scatter(a2, y, yv + Math.min(p + 2, np - 1), idx, m);
        LaneConv.scatter(a3, y, yv + Math.min(p + 3, np - 1), idx, m);
        LaneConv.scatter(a4, y, yv + Math.min(p + 4, np - 1), idx, m);
        LaneConv.scatter(a5, y, yv + Math.min(p + 5, np - 1), idx, m);
        LaneConv.scatter(a6, y, yv + Math.min(p + 6, np - 1), idx, m);
        LaneConv.scatter(a7, y, yv + Math.min(p + 7, np - 1), idx, m);
    }

    /**
     * The weight-gradient kernel for kernel width kw, kernel rows per call and samples per call:
     * {@code weightGrad<kw>x<rows>x<samples>}.
     */
    static void weightGrad(int kw, int rows, int samples, int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        switch (kw * 100 + rows * 10 + samples) {
            case 522 -> weightGrad5x2x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 512 -> weightGrad5x1x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 322 -> weightGrad3x2x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 312 -> weightGrad3x1x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 182 -> weightGrad1x8x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 112 -> weightGrad1x1x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 181 -> weightGrad1x8x1(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            case 111 -> weightGrad1x1x1(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
            default -> throw new IllegalArgumentException("no weight-gradient kernel for kernel width " + kw + ", " + rows
                    + " rows and " + samples + " samples");
        }
    }

    /**
     * {@code acc[(r·5 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 5] + i % 5]}
     * for the 10 taps i of kernel rows r..r+1 (width 5) and samples s' = s, s+1.
     */
    static void weightGrad5x2x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * 5 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        FloatVector a8 = FloatVector.fromArray(S, acc, o0 + 8 * ld);
        FloatVector a9 = FloatVector.fromArray(S, acc, o0 + 9 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0, b8 = b0, b9 = b0;
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i0 + 3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i0 + 4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i1]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[i1 + 1]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[i1 + 2]), a7);
                a8 = d.fma(FloatVector.broadcast(S, x[i1 + 3]), a8);
                a9 = d.fma(FloatVector.broadcast(S, x[i1 + 4]), a9);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 3]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 4]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[i1 + xBs]), b5);
                b6 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 1]), b6);
                b7 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 2]), b7);
                b8 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 3]), b8);
                b9 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 4]), b9);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
        a6.add(b6).intoArray(acc, o0 + 6 * ld);
        a7.add(b7).intoArray(acc, o0 + 7 * ld);
        a8.add(b8).intoArray(acc, o0 + 8 * ld);
        a9.add(b9).intoArray(acc, o0 + 9 * ld);
    }

    /**
     * {@code acc[(r·5 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 5] + i % 5]}
     * for the 5 taps i of kernel rows r..r (width 5) and samples s' = s, s+1.
     */
    static void weightGrad5x1x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * 5 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0;
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i0 + 3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i0 + 4]), a4);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 3]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 4]), b4);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
    }

    /**
     * {@code acc[(r·3 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 3] + i % 3]}
     * for the 6 taps i of kernel rows r..r+1 (width 3) and samples s' = s, s+1.
     */
    static void weightGrad3x2x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * 3 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0;
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i1]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i1 + 1]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i1 + 2]), a5);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i1 + xBs]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 1]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 2]), b5);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
    }

    /**
     * {@code acc[(r·3 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 3] + i % 3]}
     * for the 3 taps i of kernel rows r..r (width 3) and samples s' = s, s+1.
     */
    static void weightGrad3x1x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * 3 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0;
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
    }

    /**
     * {@code acc[(r·1 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 1] + i % 1]}
     * for the 8 taps i of kernel rows r..r+7 (width 1) and samples s' = s, s+1.
     */
    static void weightGrad1x8x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int r2 = rowOff[r + 2];
        int r3 = rowOff[r + 3];
        int r4 = rowOff[r + 4];
        int r5 = rowOff[r + 5];
        int r6 = rowOff[r + 6];
        int r7 = rowOff[r + 7];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                int i2 = xr + ox + r2;
                int i3 = xr + ox + r3;
                int i4 = xr + ox + r4;
                int i5 = xr + ox + r5;
                int i6 = xr + ox + r6;
                int i7 = xr + ox + r7;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i5]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[i6]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[i7]), a7);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i1 + xBs]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i2 + xBs]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i3 + xBs]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i4 + xBs]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[i5 + xBs]), b5);
                b6 = e.fma(FloatVector.broadcast(S, x[i6 + xBs]), b6);
                b7 = e.fma(FloatVector.broadcast(S, x[i7 + xBs]), b7);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
        a6.add(b6).intoArray(acc, o0 + 6 * ld);
        a7.add(b7).intoArray(acc, o0 + 7 * ld);
    }

    /**
     * {@code acc[(r·1 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 1] + i % 1]}
     * for the 1 taps i of kernel rows r..r (width 1) and samples s' = s, s+1.
     */
    static void weightGrad1x1x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector b0 = FloatVector.zero(S);
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
            }
        }
        a0.add(b0).intoArray(acc, o0);
    }

    /**
     * {@code acc[(r·1 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 1] + i % 1]}
     * for the 8 taps i of kernel rows r..r+7 (width 1) and sample s' = s.
     */
    static void weightGrad1x8x1(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int r2 = rowOff[r + 2];
        int r3 = rowOff[r + 3];
        int r4 = rowOff[r + 4];
        int r5 = rowOff[r + 5];
        int r6 = rowOff[r + 6];
        int r7 = rowOff[r + 7];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                int i2 = xr + ox + r2;
                int i3 = xr + ox + r3;
                int i4 = xr + ox + r4;
                int i5 = xr + ox + r5;
                int i6 = xr + ox + r6;
                int i7 = xr + ox + r7;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i5]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[i6]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[i7]), a7);
            }
        }
        a0.intoArray(acc, o0);
        a1.intoArray(acc, o0 + ld);
        a2.intoArray(acc, o0 + 2 * ld);
        a3.intoArray(acc, o0 + 3 * ld);
        a4.intoArray(acc, o0 + 4 * ld);
        a5.intoArray(acc, o0 + 5 * ld);
        a6.intoArray(acc, o0 + 6 * ld);
        a7.intoArray(acc, o0 + 7 * ld);
    }

    /**
     * {@code acc[(r·1 + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / 1] + i % 1]}
     * for the 1 taps i of kernel rows r..r (width 1) and sample s' = s.
     */
    static void weightGrad1x1x1(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = r * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
            }
        }
        a0.intoArray(acc, o0);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 6 channels c and the 3 vectors of j (kw = 5).
     */
    static void band6x3k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00, a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00, a40 = a00, a41 = a00, a42 = a00, a50 = a00, a51 = a00, a52 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector d1 = FloatVector.fromArray(S, dyz, dz + L);
            FloatVector d2 = FloatVector.fromArray(S, dyz, dz + 2 * L);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            FloatVector w3 = FloatVector.broadcast(S, wt[wi + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            FloatVector w4 = FloatVector.broadcast(S, wt[wi + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            FloatVector w5 = FloatVector.broadcast(S, wt[wi + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            d1 = FloatVector.fromArray(S, dyz, dz - 1 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 1 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            d1 = FloatVector.fromArray(S, dyz, dz - 2 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 2 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 2 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 2 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 2 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            d1 = FloatVector.fromArray(S, dyz, dz - 3 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 3 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 3 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 3 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 3 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            d1 = FloatVector.fromArray(S, dyz, dz - 4 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 4 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 4 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 4 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 4 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + L).add(a01).intoArray(dxp, x0 + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * L).add(a02).intoArray(dxp, x0 + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + plane + L).add(a11).intoArray(dxp, x0 + plane + L);
        FloatVector.fromArray(S, dxp, x0 + plane + 2 * L).add(a12).intoArray(dxp, x0 + plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + L).add(a21).intoArray(dxp, x0 + 2 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 2 * L).add(a22).intoArray(dxp, x0 + 2 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane).add(a30).intoArray(dxp, x0 + 3 * plane);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane + L).add(a31).intoArray(dxp, x0 + 3 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane + 2 * L).add(a32).intoArray(dxp, x0 + 3 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane).add(a40).intoArray(dxp, x0 + 4 * plane);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane + L).add(a41).intoArray(dxp, x0 + 4 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane + 2 * L).add(a42).intoArray(dxp, x0 + 4 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane).add(a50).intoArray(dxp, x0 + 5 * plane);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane + L).add(a51).intoArray(dxp, x0 + 5 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane + 2 * L).add(a52).intoArray(dxp, x0 + 5 * plane + 2 * L);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 3 channels c and the 4 vectors of j (kw = 5).
     */
    static void band3x4k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector d1 = FloatVector.fromArray(S, dyz, dz + L);
            FloatVector d2 = FloatVector.fromArray(S, dyz, dz + 2 * L);
            FloatVector d3 = FloatVector.fromArray(S, dyz, dz + 3 * L);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            d1 = FloatVector.fromArray(S, dyz, dz - 1 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 1 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 1 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            d1 = FloatVector.fromArray(S, dyz, dz - 2 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 2 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 2 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            d1 = FloatVector.fromArray(S, dyz, dz - 3 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 3 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 3 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            d1 = FloatVector.fromArray(S, dyz, dz - 4 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 4 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 4 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + L).add(a01).intoArray(dxp, x0 + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * L).add(a02).intoArray(dxp, x0 + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 3 * L).add(a03).intoArray(dxp, x0 + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + plane + L).add(a11).intoArray(dxp, x0 + plane + L);
        FloatVector.fromArray(S, dxp, x0 + plane + 2 * L).add(a12).intoArray(dxp, x0 + plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + plane + 3 * L).add(a13).intoArray(dxp, x0 + plane + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + L).add(a21).intoArray(dxp, x0 + 2 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 2 * L).add(a22).intoArray(dxp, x0 + 2 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 3 * L).add(a23).intoArray(dxp, x0 + 2 * plane + 3 * L);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 3 channels c and the 1 vector of j (kw = 5).
     */
    static void band3x1k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a10 = a00, a20 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            w0 = FloatVector.broadcast(S, wt[wi + ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 3 channels c and the 4 vectors of j.
     */
    static void band3x4(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int kk = kh * kw * ld;
        int t0 = (ci * kh + ky) * kw * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            int wi = t0 + o;
            for (int kx = 0; kx < kw; kx++) {
                FloatVector d0 = FloatVector.fromArray(S, dyz, dz - kx);
                FloatVector d1 = FloatVector.fromArray(S, dyz, dz - kx + L);
                FloatVector d2 = FloatVector.fromArray(S, dyz, dz - kx + 2 * L);
                FloatVector d3 = FloatVector.fromArray(S, dyz, dz - kx + 3 * L);
                FloatVector w0 = FloatVector.broadcast(S, wt[wi + kx * ld]);
                a00 = d0.fma(w0, a00);
                a01 = d1.fma(w0, a01);
                a02 = d2.fma(w0, a02);
                a03 = d3.fma(w0, a03);
                FloatVector w1 = FloatVector.broadcast(S, wt[wi + kx * ld + kk]);
                a10 = d0.fma(w1, a10);
                a11 = d1.fma(w1, a11);
                a12 = d2.fma(w1, a12);
                a13 = d3.fma(w1, a13);
                FloatVector w2 = FloatVector.broadcast(S, wt[wi + kx * ld + 2 * kk]);
                a20 = d0.fma(w2, a20);
                a21 = d1.fma(w2, a21);
                a22 = d2.fma(w2, a22);
                a23 = d3.fma(w2, a23);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + L).add(a01).intoArray(dxp, x0 + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * L).add(a02).intoArray(dxp, x0 + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 3 * L).add(a03).intoArray(dxp, x0 + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + plane + L).add(a11).intoArray(dxp, x0 + plane + L);
        FloatVector.fromArray(S, dxp, x0 + plane + 2 * L).add(a12).intoArray(dxp, x0 + plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + plane + 3 * L).add(a13).intoArray(dxp, x0 + plane + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + L).add(a21).intoArray(dxp, x0 + 2 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 2 * L).add(a22).intoArray(dxp, x0 + 2 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 3 * L).add(a23).intoArray(dxp, x0 + 2 * plane + 3 * L);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 3 channels c and the 1 vector of j.
     */
    static void band3x1(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a10 = a00, a20 = a00;
        int kk = kh * kw * ld;
        int t0 = (ci * kh + ky) * kw * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            int wi = t0 + o;
            for (int kx = 0; kx < kw; kx++) {
                FloatVector d0 = FloatVector.fromArray(S, dyz, dz - kx);
                FloatVector w0 = FloatVector.broadcast(S, wt[wi + kx * ld]);
                a00 = d0.fma(w0, a00);
                FloatVector w1 = FloatVector.broadcast(S, wt[wi + kx * ld + kk]);
                a10 = d0.fma(w1, a10);
                FloatVector w2 = FloatVector.broadcast(S, wt[wi + kx * ld + 2 * kk]);
                a20 = d0.fma(w2, a20);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
    }

    /**
     * {@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}
     * for the 1 channel c and the 1 vector of j.
     */
    static void band1x1(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S);
        int kk = kh * kw * ld;
        int t0 = (ci * kh + ky) * kw * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            int wi = t0 + o;
            for (int kx = 0; kx < kw; kx++) {
                FloatVector d0 = FloatVector.fromArray(S, dyz, dz - kx);
                FloatVector w0 = FloatVector.broadcast(S, wt[wi + kx * ld]);
                a00 = d0.fma(w0, a00);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
    }
}
