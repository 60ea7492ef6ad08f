package dev.kiln.backend;

/**
 * The copy, cast and fill loops of {@link ReferenceBackend}: one element at a time, any storage type
 * (float[], double[], long[], boolean[]), each value read as float64 and written converted (int64 →
 * float32 rounded once, directly), as {@link Backend#cast} defines.
 */
final class ReferenceCopies {
    private ReferenceCopies() {
    }

    /** Element by element through {@code backend.forEachRow}, each moved with {@link System#arraycopy}. */
    static void copy(Backend backend, int[] shape, Object src, int[] srcStrides, int srcOffset, Object dst, int[] dstStrides,
            int dstOffset) {
        if (!isStorage(src) || src.getClass() != dst.getClass()) {
            throw new IllegalArgumentException("copy: expected two float, double, long or boolean arrays of one type, got "
                    + src.getClass().getSimpleName() + " and " + dst.getClass().getSimpleName());
        }
        backend.forEachRow(shape, dstStrides, dstOffset, srcStrides, srcOffset, (d, ds, s, ss, unused, n) -> {
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, s + i * ss, dst, d + i * ds, 1);
            }
        });
    }

    /** Element by element: read as float64 and written converted; int64 into float32 or int64 directly. */
    static void cast(Object src, int srcOffset, Object dst, int dstOffset, int n) {
        for (int i = 0; i < n; i++) {
            if (src instanceof long[] l && dst instanceof float[] f) {
                f[dstOffset + i] = l[srcOffset + i];
            } else if (src instanceof long[] l && dst instanceof long[] m) {
                m[dstOffset + i] = l[srcOffset + i];
            } else {
                write(dst, dstOffset + i, read(src, srcOffset + i));
            }
        }
    }

    /** Element by element, {@code value} written as {@link #cast} writes a float64. */
    static void fill(Object dst, int offset, int n, double value) {
        for (int i = 0; i < n; i++) {
            write(dst, offset + i, value);
        }
    }

    private static boolean isStorage(Object a) {
        return a instanceof float[] || a instanceof double[] || a instanceof long[] || a instanceof boolean[];
    }

    private static double read(Object a, int i) {
        return switch (a) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case long[] l -> l[i];
            case boolean[] b -> b[i] ? 1 : 0;
            default -> throw notStorage(a);
        };
    }

    private static void write(Object a, int i, double v) {
        switch (a) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case long[] l -> l[i] = (long) v;
            case boolean[] b -> b[i] = v != 0;
            default -> throw notStorage(a);
        }
    }

    private static IllegalArgumentException notStorage(Object a) {
        return new IllegalArgumentException("cast/fill: not a float, double, long or boolean array: " + a.getClass().getSimpleName());
    }
}
