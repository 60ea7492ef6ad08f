package dev.kiln.backend.cpu;

import java.util.Arrays;

/**
 * Casts and fills between the storage element types (float[], double[], long[], boolean[]) without a
 * loop per pair of types: every source widens to float64 and float64 narrows to every destination
 * ({@link #widen}, {@link #narrow}: one plain loop per type, which C2 vectorises), a cast between two
 * non-float64 types passing through a small float64 block that stays in the L1 cache. The one
 * exception is int64 → float32, rounded once directly (through float64 it could round twice).
 */
final class Conversions {
    /** The float64 block of a cast between two non-float64 types (8 KB). */
    private static final int BLOCK = 1024;

    private Conversions() {
    }

    /** dst[dOff + i] = src[sOff + i] converted, for i &lt; n (see {@code Backend.cast}). */
    static void cast(Object src, int sOff, Object dst, int dOff, int n) {
        if (src.getClass() == dst.getClass()) {
            requireStorageType(src);
            System.arraycopy(src, sOff, dst, dOff, n);
        } else if (dst instanceof double[] d) {
            widen(src, sOff, d, dOff, n);
        } else if (src instanceof double[] s) {
            narrow(s, sOff, dst, dOff, n);
        } else if (src instanceof long[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dOff + i] = s[sOff + i];
            }
        } else {
            double[] block = new double[Math.min(n, BLOCK)];
            for (int at = 0; at < n; at += BLOCK) {
                int m = Math.min(BLOCK, n - at);
                widen(src, sOff + at, block, 0, m);
                narrow(block, 0, dst, dOff + at, m);
            }
        }
    }

    /** dst[dOff + i] = value converted to dst's type, for i &lt; n. */
    static void fill(Object dst, int dOff, int n, double value) {
        switch (dst) {
            case float[] d -> Arrays.fill(d, dOff, dOff + n, (float) value);
            case double[] d -> Arrays.fill(d, dOff, dOff + n, value);
            case long[] d -> Arrays.fill(d, dOff, dOff + n, (long) value);
            case boolean[] d -> Arrays.fill(d, dOff, dOff + n, value != 0);
            default -> throw notStorage(dst);
        }
    }

    /** Any storage type into float64 (exact but for int64 beyond 2^53). */
    private static void widen(Object src, int sOff, double[] d, int dOff, int n) {
        switch (src) {
            case float[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = s[sOff + i];
                }
            }
            case long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = s[sOff + i];
                }
            }
            case boolean[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = s[sOff + i] ? 1 : 0;
                }
            }
            case double[] s -> System.arraycopy(s, sOff, d, dOff, n);
            default -> throw notStorage(src);
        }
    }

    /** Float64 into any storage type: rounded to float32, truncated toward zero to int64, non-zero to true. */
    private static void narrow(double[] s, int sOff, Object dst, int dOff, int n) {
        switch (dst) {
            case float[] d -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = (float) s[sOff + i];
                }
            }
            case long[] d -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = (long) s[sOff + i];
                }
            }
            case boolean[] d -> {
                for (int i = 0; i < n; i++) {
                    d[dOff + i] = s[sOff + i] != 0;
                }
            }
            case double[] d -> System.arraycopy(s, sOff, d, dOff, n);
            default -> throw notStorage(dst);
        }
    }

    private static void requireStorageType(Object a) {
        if (!(a instanceof float[] || a instanceof double[] || a instanceof long[] || a instanceof boolean[])) {
            throw notStorage(a);
        }
    }

    private static IllegalArgumentException notStorage(Object a) {
        return new IllegalArgumentException("cast/fill: not a float, double, long or boolean array: "
                + (a == null ? "null" : a.getClass().getSimpleName()));
    }
}
