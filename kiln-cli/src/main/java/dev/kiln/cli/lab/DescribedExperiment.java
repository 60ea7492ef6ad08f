package dev.kiln.cli.lab;

/**
 * The descriptive half of an {@link Experiment} (id, title, chapter, claim) held in fields, so
 * that an experiment class only writes its {@link #run}.
 */
abstract class DescribedExperiment implements Experiment {
    private final String id;
    private final String title;
    private final Chapter chapter;
    private final String claim;

    DescribedExperiment(String id, String title, Chapter chapter, String claim) {
        this.id = id;
        this.title = title;
        this.chapter = chapter;
        this.claim = claim;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Chapter chapter() {
        return chapter;
    }

    @Override
    public final String claim() {
        return claim;
    }

    /** Evenly spaced values from {@code lo} to {@code hi} inclusive. */
    static double[] grid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    /** 0, 1, …, n − 1 as doubles (x values of a curve per step). */
    static double[] steps(int n) {
        return grid(0, n - 1, n);
    }

    /**
     * Adds a curve to {@code guides} as its runs of finite points, one entry per run (a level set
     * that is undefined in places becomes several pieces rather than one line across the gap).
     */
    static void addSegments(java.util.Map<String, double[][]> guides, String name, double[] xs, double[] ys) {
        int start = -1;
        int piece = 0;
        for (int i = 0; i <= xs.length; i++) {
            boolean finite = i < xs.length && Double.isFinite(xs[i]) && Double.isFinite(ys[i]);
            if (finite && start < 0) {
                start = i;
            } else if (!finite && start >= 0) {
                if (i - start > 1) {
                    guides.put(name + " #" + piece++, new double[][] {
                        java.util.Arrays.copyOfRange(xs, start, i), java.util.Arrays.copyOfRange(ys, start, i)});
                }
                start = -1;
            }
        }
    }
}
