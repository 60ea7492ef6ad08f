package dev.kiln.nn.functional;

import dev.kiln.backend.CrossEntropyTargets;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Validation and constant tensors for class-index targets of an (N, C, d1, …) input: the class
 * dimension is 1, and the target has shape (N, d1, …). Built on plain arrays (targets carry no
 * gradient), so the losses that use them are compositions of differentiable tensor ops with
 * constant masks.
 */
final class ClassTargets {
    final int outer;
    final int classes;
    final int inner;
    final long[] target;
    final int[] targetShape;

    private ClassTargets(int outer, int classes, int inner, long[] target, int[] targetShape) {
        this.outer = outer;
        this.classes = classes;
        this.inner = inner;
        this.target = target;
        this.targetShape = targetShape;
    }

    /**
     * Checks that {@code target} (int64) has the input's shape without dimension 1 and that each
     * value is in [0, C) or equals {@code ignoreIndex} (pass null when nothing is ignored).
     */
    static ClassTargets of(String op, Tensor input, Tensor target, Long ignoreIndex) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected input of shape (N, C) or (N, C, d1, ...), got " + Shape.str(input.shape()));
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected int64 class-index targets, got " + target.dtype());
        }
        int[] s = input.shape();
        int[] expected = new int[s.length - 1];
        expected[0] = s[0];
        System.arraycopy(s, 2, expected, 1, s.length - 2);
        if (!Shape.same(expected, target.shape())) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(s) + " needs target of shape " + Shape.str(expected)
                    + ", got " + Shape.str(target.shape()));
        }
        int inner = Shape.innerSize(s, 1);
        long[] t = target.toLongArray();
        for (long v : t) {
            if ((v < 0 || v >= s[1]) && (ignoreIndex == null || v != ignoreIndex)) {
                throw new IllegalArgumentException(op + ": target value " + v + " is out of range for " + s[1] + " classes");
            }
        }
        return new ClassTargets(s[0], s[1], inner, t, target.shape());
    }

    boolean ignored(int sample, Long ignoreIndex) {
        return ignoreIndex != null && target[sample] == ignoreIndex;
    }

    /**
     * The targets as the backend's row primitives take them: each sample's class, −1 for an ignored one,
     * with the layout, the class weights (null for none) and the label smoothing ε.
     */
    CrossEntropyTargets rows(Tensor weight, Long ignoreIndex, double smoothing) {
        int[] t = new int[target.length];
        for (int s = 0; s < t.length; s++) {
            t[s] = ignored(s, ignoreIndex) ? -1 : (int) target[s];
        }
        return new CrossEntropyTargets(classes, inner, t, weight == null ? null : weight.toDoubleArray(), smoothing);
    }

    /** One-hot mask of the input's shape: 1 at [n, y, i] for every non-ignored sample. */
    Tensor oneHot(DType type, Long ignoreIndex) {
        double[] m = new double[outer * classes * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int s = o * inner + i;
                if (!ignored(s, ignoreIndex)) {
                    m[(o * classes + (int) target[s]) * inner + i] = 1;
                }
            }
        }
        int[] shape = new int[targetShape.length + 1];
        shape[0] = outer;
        shape[1] = classes;
        System.arraycopy(targetShape, 1, shape, 2, targetShape.length - 1);
        return cast(TensorInternals.wrap(Storage.wrap(m), shape), type);
    }

    /** Per-sample w[y_n] (1 without weight), 0 for ignored samples; shape of the target. */
    Tensor sampleWeights(Tensor weight, DType type, Long ignoreIndex) {
        double[] w = weight == null ? null : weight.toDoubleArray();
        if (w != null && w.length != classes) {
            throw new IllegalArgumentException("class weight has " + w.length + " elements; expected " + classes);
        }
        double[] r = new double[target.length];
        for (int s = 0; s < r.length; s++) {
            r[s] = ignored(s, ignoreIndex) ? 0 : (w == null ? 1 : w[(int) target[s]]);
        }
        return cast(TensorInternals.wrap(Storage.wrap(r), targetShape), type);
    }

    /** Σ over non-ignored samples of w[y_n] (1 each without weight). */
    double weightSum(Tensor weight, Long ignoreIndex) {
        double[] w = weight == null ? null : weight.toDoubleArray();
        double sum = 0;
        for (int s = 0; s < target.length; s++) {
            if (!ignored(s, ignoreIndex)) {
                sum += w == null ? 1 : w[(int) target[s]];
            }
        }
        return sum;
    }

    /** The class weight reshaped (1, C, 1, …) to broadcast against the input. */
    static Tensor broadcastWeight(Tensor weight, Tensor input) {
        int[] shape = new int[input.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = input.size(1);
        if (weight.numel() != shape[1]) {
            throw new IllegalArgumentException("class weight has " + weight.numel() + " elements; expected " + shape[1]
                    + " (input " + Shape.str(input.shape()) + ")");
        }
        return weight.reshape(shape).to(input.dtype());
    }

    static Tensor cast(Tensor t, DType type) {
        return t.dtype() == type ? t : t.to(type);
    }
}
