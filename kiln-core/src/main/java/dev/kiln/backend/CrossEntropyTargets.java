package dev.kiln.backend;

/**
 * The targets and constants of a cross-entropy over rows of C logits, as a backend runs it
 * ({@link Backend#crossEntropy} and {@link Backend#crossEntropyBackward}). For a row z with target
 * class y, class weights w (all 1 when {@code weight} is null) and label smoothing ε:
 *
 * <pre>
 *   lse     = log Σ_j e^(z_j)                       (shifted by the row maximum)
 *   loss    = −(1−ε)·w[y]·(z_y − lse) + (ε/C)·Σ_j w[j]·(lse − z_j)
 *   ∂loss/∂z_j = a·e^(z_j − lse) − (1−ε)·w[y]·[j = y] − (ε/C)·w[j],   a = (1−ε)·w[y] + (ε/C)·Σ_c w[c]
 * </pre>
 *
 * A row whose target is negative is ignored: its loss and its gradient are 0. The logits of an
 * (N, C, d1, …) input are rows with a stride: row r = (n, i) (n = r / inner, i = r % inner, the order
 * of the target's elements) holds z_j at {@code (n·C + j)·inner + i}, j &lt; C ({@link #start}); an
 * (N, C) input has inner = 1, contiguous rows.
 *
 * @param classes the number of classes C (the length of each row)
 * @param inner the distance between a row's consecutive logits: the product of the sizes after the
 *     class dimension (1 for an (N, C) input)
 * @param target the target class of each row, in [0, C), or −1 for an ignored row; its length is the row count
 * @param weight the class weights (C values), or null for all 1
 * @param smoothing the label smoothing ε in [0, 1]
 */
public record CrossEntropyTargets(int classes, int inner, int[] target, double[] weight, double smoothing) {
    /**
     * Checks the weight's length.
     *
     * @throws IllegalArgumentException when {@code weight} is given and does not hold {@code classes} values
     */
    public CrossEntropyTargets {
        if (weight != null && weight.length != classes) {
            throw new IllegalArgumentException("cross_entropy: weight has " + weight.length + " elements; expected " + classes);
        }
    }

    /**
     * {@return the index of row r's first logit, relative to the logits' first element}
     *
     * @param r the row
     */
    public int start(int r) {
        return (r / inner) * classes * inner + r % inner;
    }

    /** {@return the number of rows} */
    public int rows() {
        return target.length;
    }

    /**
     * {@return w[j], 1 without weights}
     *
     * @param j the class
     */
    public double weightOf(int j) {
        return weight == null ? 1 : weight[j];
    }

    /** {@return Σ_c w[c] (C without weights)} */
    public double weightSum() {
        if (weight == null) {
            return classes;
        }
        double s = 0;
        for (double v : weight) {
            s += v;
        }
        return s;
    }
}
