package dev.kiln.backend.cpu;

import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;

/**
 * A small pool of large scratch arrays (im2col column matrices and other per-op temporaries), so
 * that a training loop does not allocate and zero several megabytes per convolution per step:
 * fresh large arrays cost more than the work done in them.
 *
 * <p>{@link #floats(int)} returns an array of exactly the asked length with <b>arbitrary
 * contents</b>; the caller must write every element it reads. An array handed back with
 * {@link #recycle(float[])} must no longer be referenced by anything (tensor, view or graph
 * node). The pool keeps at most {@link #MAX_ARRAYS} arrays and {@link #MAX_BYTES} bytes, dropping
 * the oldest first (to the garbage collector). Thread-safe.
 *
 * <p>Backward kernels take their (fully written) gradient arrays from here, and the autograd
 * engine hands a gradient's array back once its one consumer has run (see
 * {@code TensorInternals.markExclusiveGrad}), so a training step cycles the same, cache-warm arrays. A LeNet-5
 * or MLP training step reaches a steady state with no fresh allocation here: the limits
 * leave room for the dozen or so arrays one step cycles.
 */
public final class ScratchPool {
    /** Arrays kept at most. */
    public static final int MAX_ARRAYS = 16;
    /** Bytes kept at most. */
    public static final long MAX_BYTES = 256L << 20;
    /** Arrays shorter than this are not worth pooling (small allocations are cheap). */
    public static final int MIN_LENGTH = 1 << 14;

    private static final List<float[]> FLOATS = new ArrayList<>();
    private static final List<double[]> DOUBLES = new ArrayList<>();
    private static long bytes;

    private ScratchPool() {
    }

    /** A float array of length {@code n}, reused when one is pooled; contents are arbitrary. */
    public static float[] floats(int n) {
        if (n >= MIN_LENGTH) {
            synchronized (ScratchPool.class) {
                for (int i = FLOATS.size() - 1; i >= 0; i--) {
                    if (FLOATS.get(i).length == n) {
                        bytes -= 4L * n;
                        return FLOATS.remove(i);
                    }
                }
            }
        }
        return new float[n];
    }

    /** A double array of length {@code n}, reused when one is pooled; contents are arbitrary. */
    public static double[] doubles(int n) {
        if (n >= MIN_LENGTH) {
            synchronized (ScratchPool.class) {
                for (int i = DOUBLES.size() - 1; i >= 0; i--) {
                    if (DOUBLES.get(i).length == n) {
                        bytes -= 8L * n;
                        return DOUBLES.remove(i);
                    }
                }
            }
        }
        return new double[n];
    }

    /** Hands an array back; it must not be referenced anywhere else any more. */
    public static void recycle(float[] a) {
        if (a == null || a.length < MIN_LENGTH || 4L * a.length > MAX_BYTES) {
            return;
        }
        synchronized (ScratchPool.class) {
            for (float[] f : FLOATS) {
                if (f == a) {
                    return;
                }
            }
            while (FLOATS.size() + DOUBLES.size() >= MAX_ARRAYS || bytes + 4L * a.length > MAX_BYTES) {
                evictOldest();
            }
            FLOATS.add(a);
            bytes += 4L * a.length;
        }
    }

    /** Hands an array back; it must not be referenced anywhere else any more. */
    public static void recycle(double[] a) {
        if (a == null || a.length < MIN_LENGTH || 8L * a.length > MAX_BYTES) {
            return;
        }
        synchronized (ScratchPool.class) {
            for (double[] d : DOUBLES) {
                if (d == a) {
                    return;
                }
            }
            while (FLOATS.size() + DOUBLES.size() >= MAX_ARRAYS || bytes + 8L * a.length > MAX_BYTES) {
                evictOldest();
            }
            DOUBLES.add(a);
            bytes += 8L * a.length;
        }
    }

    private static void evictOldest() {
        if (!FLOATS.isEmpty() && (DOUBLES.isEmpty() || FLOATS.size() >= DOUBLES.size())) {
            bytes -= 4L * FLOATS.remove(0).length;
        } else if (!DOUBLES.isEmpty()) {
            bytes -= 8L * DOUBLES.remove(0).length;
        }
    }

    /** Hands back the storage array of a tensor created from this pool (float32 or float64). */
    public static void recycle(dev.kiln.tensor.Tensor t) {
        if (t == null) {
            return;
        }
        if (t.dtype() == dev.kiln.tensor.DType.FLOAT32) {
            recycle(TensorInternals.storage(t).floats());
        } else if (t.dtype() == dev.kiln.tensor.DType.FLOAT64) {
            recycle(TensorInternals.storage(t).doubles());
        }
    }
}
