package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes' exploding product: M = normal(0, 1, (4, 4)), then 100 times M = M @ normal(0, 1, (4, 4)).
 * The entries reach 1e21–1e25 in the notes' four runs (PyTorch, NumPy, JAX, TensorFlow). The log of
 * the norm grows linearly: by the top Lyapunov exponent of 4×4 Gaussian products,
 * λ = ½(ln 2 + ψ(2)) = ½(ln 2 + 1 − γ) ≈ 0.558 per factor, i.e. about 10^0.24 per multiplication.
 */
final class MatrixProductExperiment extends DescribedExperiment {
    /** Runs (seeds) of the product. */
    static final int RUNS = 20;
    /** The top Lyapunov exponent of products of 4×4 N(0,1) matrices, in nats per factor. */
    static final double LYAPUNOV = 0.5 * (Math.log(2) + 1 - 0.5772156649015329);

    MatrixProductExperiment() {
        super("matrix-product", "Products of 100 Gaussian 4×4 matrices explode", Chapter.S003,
                "Multiplying a N(0,1) 4×4 matrix by 100 more such matrices gives entries of 1e21 to 1e25 (the notes' four runs): "
                        + "with variance-1 weights the product explodes.");
    }

    /** log10 of the largest |entry| after 0..100 multiplications, one run (float32, as in the notes). */
    static double[] run(long seed) {
        Generator g = new Generator(seed);
        double[] out = new double[101];
        try (var off = GradMode.disabled()) {
            Tensor m = Tensor.normal(g, 0, 1, 4, 4);
            out[0] = Math.log10(m.abs().max().item());
            for (int i = 1; i <= 100; i++) {
                m = m.matmul(Tensor.normal(g, 0, 1, 4, 4));
                out[i] = Math.log10(m.abs().max().item());
            }
        }
        return out;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] finals = new double[RUNS];
        Map<String, double[]> curves = new LinkedHashMap<>();
        double[] x = steps(101);
        for (int k = 0; k < RUNS; k++) {
            double[] c = run(seed * 1000 + k);
            finals[k] = c[100];
            if (k < 6) {
                curves.put("run " + k, c);
            }
        }
        double[] predicted = new double[101];
        for (int i = 0; i <= 100; i++) {
            predicted[i] = (i + 1) * LYAPUNOV / Math.log(10);
        }
        curves.put("slope λ/ln10 = " + String.format(Locale.ROOT, "%.3f", LYAPUNOV / Math.log(10)), predicted);
        r.lineChart("product.png", "log10 of the largest |entry| of M after n multiplications", "n", "log10 max |M_ij|", x, curves,
                false);
        double[] sorted = finals.clone();
        Arrays.sort(sorted);
        double median = (sorted[RUNS / 2 - 1] + sorted[RUNS / 2]) / 2;
        int inBand = 0;
        for (double f : finals) {
            inBand += f >= 20 && f <= 26 ? 1 : 0;
        }
        r.table(List.of("runs", "smallest", "median", "largest", "runs within 1e20–1e26", "predicted (Lyapunov)"),
                List.of(List.of(String.valueOf(RUNS), "1e" + String.format(Locale.ROOT, "%.1f", sorted[0]),
                        "1e" + String.format(Locale.ROOT, "%.1f", median), "1e" + String.format(Locale.ROOT, "%.1f", sorted[RUNS - 1]),
                        String.valueOf(inBand), "1e" + String.format(Locale.ROOT, "%.1f", predicted[100]))));
        boolean holds = median >= 21 && median <= 25.5 && inBand >= RUNS * 3 / 4;
        return new Finding(String.format(Locale.ROOT, "largest |entry| after 100 multiplications: median 1e%.1f over %d runs "
                + "(range 1e%.1f to 1e%.1f), %d of %d within 1e20–1e26", median, RUNS, sorted[0], sorted[RUNS - 1], inBand, RUNS), holds);
    }
}
