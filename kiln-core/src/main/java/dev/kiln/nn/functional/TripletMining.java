package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;

/**
 * Selects (anchor, positive, negative) index triplets inside a batch from its labels and, for the
 * distance-aware strategies, a precomputed (N, N) embedding distance matrix. A positive shares
 * the anchor's label (and is a different sample), a negative has another label. Each method
 * returns an int64 tensor of shape (T, 3) whose rows are (a, p, n); T may be 0.
 *
 * <ul>
 * <li>{@link #all}: every valid triplet, in (a, p, n) lexicographic order.</li>
 * <li>{@link #semiHard} (Schroff et al. 2015, FaceNet): for every anchor–positive pair, the
 * closest negative that is still farther than the positive but within the margin,
 * d(a,p) &lt; d(a,n) &lt; d(a,p) + margin; pairs without such a negative are skipped.</li>
 * <li>{@link #hardest} (batch-hard, Hermans et al. 2017): for every anchor that has a positive
 * and a negative, its farthest positive and its closest negative.</li>
 * </ul>
 * Ties are broken by the lowest index.
 */
public final class TripletMining {
    /** The selection strategies. */
    public enum Strategy {
        /** Every valid triplet. */
        ALL,
        /** One semi-hard negative per anchor–positive pair. */
        SEMI_HARD,
        /** The hardest positive and hardest negative per anchor. */
        HARDEST
    }

    private TripletMining() {
    }

    /**
     * Dispatches on {@code strategy} ({@code distances} may be null for {@link Strategy#ALL}).
     *
     * @param strategy which triplets are kept
     * @param labels the class label of each row, an int64 tensor (N)
     * @param distances the pairwise distances between rows, (N, N)
     * @param margin the margin of the triplet loss (≥ 0)
     * @return the mined triplets (anchor, positive, negative) as int64 rows, (T, 3)
     */
    public static Tensor mine(Strategy strategy, Tensor labels, Tensor distances, double margin) {
        return switch (strategy) {
            case ALL -> all(labels);
            case SEMI_HARD -> semiHard(labels, distances, margin);
            case HARDEST -> hardest(labels, distances);
        };
    }

    /**
     * {@return every (a, p, n) with label[a] = label[p], a ≠ p, and label[n] ≠ label[a]}
     *
     * @param labels the class label of each row, an int64 tensor (N)
     */
    public static Tensor all(Tensor labels) {
        long[] y = labelArray(labels);
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < y.length; a++) {
            for (int p = 0; p < y.length; p++) {
                if (p == a || y[p] != y[a]) {
                    continue;
                }
                for (int n = 0; n < y.length; n++) {
                    if (y[n] != y[a]) {
                        out.add(new int[] {a, p, n});
                    }
                }
            }
        }
        return toTensor(out);
    }

    /**
     * {@return for each anchor–positive pair, the negative with the smallest d(a, n) among those with
     * d(a, p) &lt; d(a, n) &lt; d(a, p) + margin}
     *
     * @param labels the class label of each row, an int64 tensor (N)
     * @param distances the pairwise distances between rows, (N, N)
     * @param margin the margin of the triplet loss (≥ 0)
     */
    public static Tensor semiHard(Tensor labels, Tensor distances, double margin) {
        long[] y = labelArray(labels);
        double[] d = distanceArray(distances, y.length);
        int n = y.length;
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (p == a || y[p] != y[a]) {
                    continue;
                }
                double dap = d[a * n + p];
                int best = -1;
                for (int k = 0; k < n; k++) {
                    double dan = d[a * n + k];
                    if (y[k] != y[a] && dan > dap && dan < dap + margin && (best < 0 || dan < d[a * n + best])) {
                        best = k;
                    }
                }
                if (best >= 0) {
                    out.add(new int[] {a, p, best});
                }
            }
        }
        return toTensor(out);
    }

    /**
     * {@return for each anchor with a positive and a negative: argmax_p d(a, p) and argmin_n d(a, n)}
     *
     * @param labels the class label of each row, an int64 tensor (N)
     * @param distances the pairwise distances between rows, (N, N)
     */
    public static Tensor hardest(Tensor labels, Tensor distances) {
        long[] y = labelArray(labels);
        double[] d = distanceArray(distances, y.length);
        int n = y.length;
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            int pos = -1;
            int neg = -1;
            for (int k = 0; k < n; k++) {
                double dk = d[a * n + k];
                if (k != a && y[k] == y[a] && (pos < 0 || dk > d[a * n + pos])) {
                    pos = k;
                }
                if (y[k] != y[a] && (neg < 0 || dk < d[a * n + neg])) {
                    neg = k;
                }
            }
            if (pos >= 0 && neg >= 0) {
                out.add(new int[] {a, pos, neg});
            }
        }
        return toTensor(out);
    }

    private static long[] labelArray(Tensor labels) {
        if (labels.dim() != 1 || labels.dtype() != DType.INT64) {
            throw new IllegalArgumentException("triplet mining: expected int64 labels of shape (N), got " + labels.dtype()
                    + Shape.str(labels.shape()));
        }
        return labels.toLongArray();
    }

    private static double[] distanceArray(Tensor distances, int n) {
        if (distances == null || !Shape.same(distances.shape(), new int[] {n, n})) {
            throw new IllegalArgumentException("triplet mining: expected a (" + n + ", " + n + ") distance matrix, got "
                    + (distances == null ? "null" : Shape.str(distances.shape())));
        }
        return distances.toDoubleArray();
    }

    private static Tensor toTensor(List<int[]> triplets) {
        long[] data = new long[triplets.size() * 3];
        for (int i = 0; i < triplets.size(); i++) {
            for (int j = 0; j < 3; j++) {
                data[i * 3 + j] = triplets.get(i)[j];
            }
        }
        return TensorInternals.wrap(Storage.wrap(data), triplets.size(), 3);
    }
}
