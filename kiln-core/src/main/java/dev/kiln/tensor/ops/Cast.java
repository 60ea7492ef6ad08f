package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.cpu.Strided;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/** Conversions between element types, and copies out to Java arrays. */
public final class Cast {
    private Cast() {
    }

    /** A contiguous copy of {@code x} in {@code type}; between float types the gradient is cast back. */
    public static Tensor to(Tensor x, DType type) {
        int n = x.numel();
        int[] shape = x.shape();
        Storage s = switch (type) {
            case FLOAT32 -> Storage.wrap(toFloatArray(x));
            case FLOAT64 -> Storage.wrap(toDoubleArray(x));
            case INT64 -> Storage.wrap(toLongArray(x));
            case BOOL -> Storage.wrap(toBooleanArray(x));
        };
        assert s.length() == n;
        Tensor out = TensorInternals.wrap(s, shape);
        if (Tracing.isRecording()) {
            Tracing.record("cast", out, Map.of("dtype", type.name()), x);
        }
        if (type.isFloatingPoint() && x.dtype().isFloatingPoint() && Engine.needsGrad(x)) {
            DType from = x.dtype();
            Engine.record(out, new LibraryNode(x) {
                @Override
                protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {g.to(from)};
                }

                @Override
                public String name() {
                    return "ToCopyBackward";
                }
            });
        }
        return out;
    }

    /** Row-major elements as floats. */
    public static float[] toFloatArray(Tensor x) {
        int n = x.numel();
        int[] shape = x.shape();
        int[] st = x.strides();
        int off = x.offset();
        return switch (x.dtype()) {
            case FLOAT32 -> Strided.toContiguous(TensorInternals.storage(x).floats(), shape, st, off, n);
            case FLOAT64 -> {
                double[] d = Strided.toContiguous(TensorInternals.storage(x).doubles(), shape, st, off, n);
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (float) d[i];
                }
                yield r;
            }
            case INT64 -> {
                long[] d = Strided.toContiguous(TensorInternals.storage(x).longs(), shape, st, off, n);
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = d[i];
                }
                yield r;
            }
            case BOOL -> {
                boolean[] d = Strided.toContiguous(TensorInternals.storage(x).booleans(), shape, st, off, n);
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = d[i] ? 1 : 0;
                }
                yield r;
            }
        };
    }

    /** Row-major elements as doubles. */
    public static double[] toDoubleArray(Tensor x) {
        int n = x.numel();
        int[] shape = x.shape();
        int[] st = x.strides();
        int off = x.offset();
        return switch (x.dtype()) {
            case FLOAT64 -> Strided.toContiguous(TensorInternals.storage(x).doubles(), shape, st, off, n);
            case FLOAT32 -> {
                float[] d = Strided.toContiguous(TensorInternals.storage(x).floats(), shape, st, off, n);
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = d[i];
                }
                yield r;
            }
            case INT64 -> {
                long[] d = Strided.toContiguous(TensorInternals.storage(x).longs(), shape, st, off, n);
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = d[i];
                }
                yield r;
            }
            case BOOL -> {
                boolean[] d = Strided.toContiguous(TensorInternals.storage(x).booleans(), shape, st, off, n);
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = d[i] ? 1 : 0;
                }
                yield r;
            }
        };
    }

    /** Row-major elements as longs (floats truncate toward zero, as PyTorch's cast). */
    public static long[] toLongArray(Tensor x) {
        if (x.dtype() == DType.INT64) {
            return Strided.toContiguous(TensorInternals.storage(x).longs(), x.shape(), x.strides(), x.offset(), x.numel());
        }
        double[] d = toDoubleArray(x);
        long[] r = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (long) d[i];
        }
        return r;
    }

    /** Row-major elements as booleans (non-zero is true). */
    public static boolean[] toBooleanArray(Tensor x) {
        if (x.dtype() == DType.BOOL) {
            return Strided.toContiguous(TensorInternals.storage(x).booleans(), x.shape(), x.strides(), x.offset(), x.numel());
        }
        double[] d = toDoubleArray(x);
        boolean[] r = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = d[i] != 0;
        }
        return r;
    }
}
