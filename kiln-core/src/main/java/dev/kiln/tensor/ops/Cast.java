package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
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
        Storage s = Copies.converted(x, type);
        Tensor out = TensorInternals.wrap(s, x.shape());
        if (Tracing.isRecording()) {
            Tracing.record("cast", out, Map.of("dtype", type.name()), x);
        }
        if (type.isFloatingPoint() && x.dtype().isFloatingPoint() && Engine.needsGrad(x)) {
            DType from = x.dtype();
            Engine.record(out, FormulaNode.of("ToCopyBackward", x, g -> g.to(from)));
        }
        return out;
    }

    /** Row-major elements as floats. */
    public static float[] toFloatArray(Tensor x) {
        return Copies.converted(x, DType.FLOAT32).floats();
    }

    /** Row-major elements as doubles. */
    public static double[] toDoubleArray(Tensor x) {
        return Copies.converted(x, DType.FLOAT64).doubles();
    }

    /** Row-major elements as longs (floats truncate toward zero, as PyTorch's cast). */
    public static long[] toLongArray(Tensor x) {
        return Copies.converted(x, DType.INT64).longs();
    }

    /** Row-major elements as booleans (non-zero is true). */
    public static boolean[] toBooleanArray(Tensor x) {
        return Copies.converted(x, DType.BOOL).booleans();
    }
}
