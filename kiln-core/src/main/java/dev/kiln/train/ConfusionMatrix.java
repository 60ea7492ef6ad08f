package dev.kiln.train;

import dev.kiln.tensor.Tensor;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs. Row i, column j counts samples of class i
 * predicted as j; the diagonal holds the correct ones.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /**
     * An empty matrix for {@code classes} classes.
     *
     * @param classes the number of classes, at least 1
     */
    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: need at least one class, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * Adds a batch: logits (N, C) and int64 targets (N).
     *
     * @param logits the model's scores (N, C); the arg-max is the prediction
     * @param targets the true classes (N)
     */
    public void add(Tensor logits, Tensor targets) {
        long[] predicted = Metrics.predictions(logits);
        long[] truth = targets.toLongArray();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= counts.length) {
                throw new IllegalArgumentException("ConfusionMatrix: target " + truth[i] + " outside [0, " + counts.length + ")");
            }
            counts[(int) truth[i]][(int) predicted[i]]++;
        }
    }

    /**
     * The count of class {@code truth} predicted as {@code predicted}.
     *
     * @param truth the true class
     * @param predicted the predicted class
     * @return the number of such samples
     */
    public long get(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /**
     * The number of classes.
     *
     * @return the number of classes (rows and columns)
     */
    public int classes() {
        return counts.length;
    }

    /**
     * Overall accuracy: the diagonal over the total.
     *
     * @return the accuracy in [0, 1] (0 when empty)
     */
    public double accuracy() {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                total += counts[i][j];
                if (i == j) {
                    correct += counts[i][j];
                }
            }
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    /**
     * Recall of class i: correct predictions of i over the samples of class i.
     *
     * @param i the class
     * @return its recall in [0, 1] (0 when the class has no samples)
     */
    public double recall(int i) {
        long row = 0;
        for (long v : counts[i]) {
            row += v;
        }
        return row == 0 ? 0 : (double) counts[i][i] / row;
    }

    /**
     * Precision of class j: correct predictions of j over all predictions of j.
     *
     * @param j the class
     * @return its precision in [0, 1] (0 when it is never predicted)
     */
    public double precision(int j) {
        long col = 0;
        for (long[] row : counts) {
            col += row[j];
        }
        return col == 0 ? 0 : (double) counts[j][j] / col;
    }

    /** The matrix as text, rows = true class, columns = predicted class, both by index. */
    @Override
    public String toString() {
        return format(java.util.List.of());
    }

    /**
     * The matrix as text with each row labelled by its class name ({@code setosa (0)}); columns are
     * predicted classes by index.
     *
     * @param classNames the names in class-index order; an empty list (or one of another length)
     *     labels rows by index only
     * @return one line per true class under a header of predicted classes
     */
    public String format(java.util.List<String> classNames) {
        boolean named = classNames.size() == counts.length;
        String[] rowLabels = new String[counts.length];
        int width = "true\\pred".length();
        for (int i = 0; i < counts.length; i++) {
            rowLabels[i] = named ? classNames.get(i) + " (" + i + ")" : Integer.toString(i);
            width = Math.max(width, rowLabels[i].length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%" + width + "s", "true\\pred"));
        for (int j = 0; j < counts.length; j++) {
            sb.append(String.format(Locale.ROOT, "%7d", j));
        }
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "s", rowLabels[i]));
            for (long v : counts[i]) {
                sb.append(String.format(Locale.ROOT, "%7d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
