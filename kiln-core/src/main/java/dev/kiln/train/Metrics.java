package dev.kiln.train;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;

/** Evaluation metrics computed from model outputs and targets (no graph is recorded). */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The fraction of rows of {@code logits} (N, C) whose arg-max equals the int64 target.
     *
     * @param logits scores (N, C)
     * @param targets true classes (N)
     * @return the accuracy in [0, 1]
     */
    public static double accuracy(Tensor logits, Tensor targets) {
        return topKAccuracy(logits, targets, 1);
    }

    /**
     * The number of rows whose target is among the {@code k} largest logits (ties favour lower indices).
     *
     * @param logits scores (N, C)
     * @param targets true classes (N)
     * @param k how many of the highest scores count
     * @return the number of rows counted correct
     */
    public static long topKCorrect(Tensor logits, Tensor targets, int k) {
        check("topKAccuracy", logits, targets);
        int n = logits.size(0);
        int c = logits.size(1);
        if (k < 1 || k > c) {
            throw new IllegalArgumentException("topKAccuracy: k must be in [1, " + c + "], got " + k);
        }
        float[] x = logits.contiguous().toFloatArray();
        long[] y = targets.toLongArray();
        long correct = 0;
        for (int i = 0; i < n; i++) {
            float t = x[i * c + (int) y[i]];
            int above = 0;
            for (int j = 0; j < c; j++) {
                float v = x[i * c + j];
                if (v > t || (v == t && j < y[i])) {
                    above++;
                }
            }
            if (above < k) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The fraction of rows whose target is among the {@code k} largest logits.
     *
     * @param logits scores (N, C)
     * @param targets true classes (N)
     * @param k how many of the highest scores count
     * @return the top-k accuracy in [0, 1]
     */
    public static double topKAccuracy(Tensor logits, Tensor targets, int k) {
        return logits.size(0) == 0 ? 0 : (double) topKCorrect(logits, targets, k) / logits.size(0);
    }

    /**
     * The predicted class of each row: the arg-max of the logits (first on ties).
     *
     * @param logits scores (N, C)
     * @return the predicted class of each row
     */
    public static long[] predictions(Tensor logits) {
        if (logits.dim() != 2) {
            throw new IllegalArgumentException("predictions: expected logits (N, C), got " + Shape.str(logits.shape()));
        }
        int n = logits.size(0);
        int c = logits.size(1);
        float[] x = logits.contiguous().toFloatArray();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (x[i * c + j] > x[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Mean absolute error between predictions and targets of the same number of elements.
     *
     * @param predictions predicted values
     * @param targets true values
     * @return mean |prediction − target|
     */
    public static double mae(Tensor predictions, Tensor targets) {
        return meanError("mae", predictions, targets, Math::abs);
    }

    /**
     * Root mean squared error.
     *
     * @param predictions predicted values
     * @param targets true values, as many as predictions
     * @return √(mean (prediction − target)²)
     */
    public static double rmse(Tensor predictions, Tensor targets) {
        return Math.sqrt(meanError("rmse", predictions, targets, d -> d * d));
    }

    /**
     * {@return the mean of {@code error(prediction − target)} over the elements, 0 when there are none}
     *
     * @param op the metric's name, for the message when the lengths differ
     * @param predictions predicted values
     * @param targets true values, as many as predictions
     * @param error the error of one difference (|d|, d²)
     */
    private static double meanError(String op, Tensor predictions, Tensor targets, DoubleUnaryOperator error) {
        double[] p = predictions.toDoubleArray();
        double[] t = targets.toDoubleArray();
        sameLength(op, p, t);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += error.applyAsDouble(p[i] - t[i]);
        }
        return p.length == 0 ? 0 : s / p.length;
    }

    private static void sameLength(String op, double[] p, double[] t) {
        if (p.length != t.length) {
            throw new IllegalArgumentException(op + ": " + p.length + " predictions for " + t.length + " targets");
        }
    }

    private static void check(String op, Tensor logits, Tensor targets) {
        if (logits.dim() != 2 || targets.dim() != 1 || logits.size(0) != targets.size(0)) {
            throw new IllegalArgumentException(op + ": expected logits (N, C) and targets (N), got " + Shape.str(logits.shape())
                    + " and " + Shape.str(targets.shape()));
        }
    }
}
