package dev.kiln.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of a sample, as {@code statistics.median}/{@code min}/{@code max}
 * compute them in {@code bench_torch.py} (the median of an even count is the mean of the two middle values).
 *
 * @param median the middle value
 * @param min the smallest value
 * @param max the largest value
 * @param n the number of values
 */
public record Stats(double median, double min, double max, int n) {

    /** The statistics of {@code values} (at least one). */
    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Stats.of: need at least one value");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1], n);
    }
}
