package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why normalise the data: a linear regression y = w₁x₁ + w₂x₂ on two features of very different
 * scales (x₁ in [0, 1], x₂ in [0, 1000], like rooms and square metres). The mean squared error is a
 * quadratic in w whose level sets are ellipses with axes set by the eigenvalues of the Hessian
 * H = 2XᵀX/n; gradient descent is stable only for lr &lt; 2/λ_max and then crawls along the long
 * axis. Min–max scaling and z-score standardisation make the contours rounder and the descent short.
 */
final class NormalizationExperiment extends DescribedExperiment {
    /** Samples. */
    static final int N = 200;
    /** Gradient-descent steps at most. */
    static final int STEPS = 5000;

    /** How the features are scaled. */
    enum Scaling {
        NONE("none"), MIN_MAX("min–max to [0, 1]"), Z_SCORE("z-score");

        final String label;

        Scaling(String label) {
            this.label = label;
        }
    }

    /** One scaling: the condition number of H, the lr used (1/λ_max), the steps to converge and the path. */
    record Descent(Scaling scaling, double condition, double lr, int steps, double[] w1, double[] w2, double[][] hessian,
            double[] optimum) {
    }

    NormalizationExperiment() {
        super("normalization", "Data normalisation: min–max vs z-score vs none", Chapter.S002,
                "Without normalisation, features of very different scales stretch the loss contours into long thin ellipses "
                        + "and gradient descent needs many steps; after min–max or z-score normalisation the contours are rounder "
                        + "and it reaches the optimum much faster.");
    }

    /** The features (N, 2) scaled as asked and the centred target. */
    static Tensor[] data(Scaling scaling, long seed) {
        Generator g = new Generator(seed);
        Tensor x1 = Tensor.uniform(g, 0, 1, N).to(DType.FLOAT64);
        Tensor x2 = Tensor.uniform(g, 0, 1000, N).to(DType.FLOAT64);
        Tensor y = x1.mul(3).add(x2.mul(0.004)).add(Tensor.randn(g, N).to(DType.FLOAT64).mul(0.1));
        Tensor x = Tensor.stack(1, x1, x2);
        x = switch (scaling) {
            case NONE -> x;
            case MIN_MAX -> {
                Tensor lo = x.amin(new int[] {0}, true);
                yield x.sub(lo).div(x.amax(new int[] {0}, true).sub(lo));
            }
            case Z_SCORE -> x.sub(x.mean(0, true)).div(x.std(new int[] {0}, 0, true));
        };
        return new Tensor[] {x, y.sub(y.mean())};
    }

    /** Gradient descent from w = 0 with lr = 1/λ_max(H) until the loss is within 1e-6 of the optimum. */
    static Descent descend(Scaling scaling, long seed) {
        Tensor[] d = data(scaling, seed);
        Tensor x = d[0];
        Tensor y = d[1];
        double[][] h = new double[2][2];
        double[] xy = new double[2];
        try (var off = GradMode.disabled()) {
            Tensor xtx = x.t().matmul(x).mul(2.0 / N);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    h[i][j] = xtx.getDouble(i, j);
                }
                xy[i] = x.select(1, i).mul(y).sum().item() * 2.0 / N;
            }
        }
        double tr = h[0][0] + h[1][1];
        double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        double disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
        double lmax = tr / 2 + disc;
        double lmin = tr / 2 - disc;
        double[] opt = {(h[1][1] * xy[0] - h[0][1] * xy[1]) / det, (-h[1][0] * xy[0] + h[0][0] * xy[1]) / det};
        double lossOpt = mse(x, y, opt[0], opt[1]);
        double lr = 1 / lmax;
        Tensor w = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        List<Double> w1 = new ArrayList<>();
        List<Double> w2 = new ArrayList<>();
        int steps = -1;
        for (int s = 0; s <= STEPS; s++) {
            double[] v = w.detach().toDoubleArray();
            w1.add(v[0]);
            w2.add(v[1]);
            w.setGrad(null);
            Tensor loss = x.matmul(w).sub(y).square().mean();
            if (loss.item() - lossOpt < 1e-6) {
                steps = s;
                break;
            }
            loss.backward();
            w = w.detach().sub(w.grad().mul(lr)).requiresGrad(true);
        }
        return new Descent(scaling, lmax / lmin, lr, steps, w1.stream().mapToDouble(Double::doubleValue).toArray(),
                w2.stream().mapToDouble(Double::doubleValue).toArray(), h, opt);
    }

    private static double mse(Tensor x, Tensor y, double w1, double w2) {
        return x.matmul(Tensor.of(w1, w2)).sub(y).square().mean().item();
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        r.paragraph("y = 3x₁ + 0.004x₂ + noise with x₁ ~ U(0, 1) and x₂ ~ U(0, 1000), " + N + " samples, target centred. Gradient "
                + "descent from w = 0 with the largest stable-and-monotone learning rate 1/λ_max(H), until the loss is within 1e-6 "
                + "of the least-squares optimum (at most " + STEPS + " steps).");
        List<List<String>> rows = new ArrayList<>();
        List<LabReport.Panel> panels = new ArrayList<>();
        Map<Scaling, Descent> all = new LinkedHashMap<>();
        for (Scaling s : Scaling.values()) {
            Descent d = descend(s, seed);
            all.put(s, d);
            rows.add(List.of(s.label, LabReport.num(d.condition()), LabReport.num(d.lr()),
                    d.steps() < 0 ? "more than " + STEPS : String.valueOf(d.steps())));
            Map<String, double[][]> guides = contours(d);
            Map<String, double[][]> path = Map.of("gradient descent", new double[][] {d.w1(), d.w2()});
            Map<String, double[][]> both = new LinkedHashMap<>(guides);
            both.putAll(path);
            panels.add(new LabReport.Panel(s.label + ": " + (d.steps() < 0 ? "> " + STEPS : d.steps()) + " steps, ellipse axes 1 : "
                    + LabReport.num(Math.sqrt(d.condition())), "w1", "w2", path,
                    guides, false, true, LabReport.box(both)));
        }
        r.table(List.of("scaling", "condition number of H", "lr = 1/λ_max", "steps to the optimum"), rows);
        r.grid("contours.png", "Loss contours and the gradient-descent path for each scaling", panels, 3, 480, 420);
        r.paragraph("The panels are not drawn to the same scale on both axes: the title gives the true ratio of the "
                + "ellipses' axes, √(λ_max/λ_min); without normalisation the contours are needles.");
        int none = all.get(Scaling.NONE).steps();
        int minMax = all.get(Scaling.MIN_MAX).steps();
        int z = all.get(Scaling.Z_SCORE).steps();
        boolean holds = minMax > 0 && z > 0 && (none < 0 || none > 10 * Math.max(minMax, z))
                && all.get(Scaling.NONE).condition() > 100 * all.get(Scaling.Z_SCORE).condition();
        return new Finding(String.format(Locale.ROOT, "condition number of the loss: none %s, min–max %s, z-score %s; gradient-descent "
                + "steps to the optimum: none %s, min–max %d, z-score %d", LabReport.num(all.get(Scaling.NONE).condition()),
                LabReport.num(all.get(Scaling.MIN_MAX).condition()), LabReport.num(all.get(Scaling.Z_SCORE).condition()),
                none < 0 ? "more than " + STEPS : String.valueOf(none), minMax, z), holds);
    }

    /** Level sets of the quadratic loss around the optimum: ellipses along the eigenvectors of H. */
    private static Map<String, double[][]> contours(Descent d) {
        double[][] h = d.hessian();
        double tr = h[0][0] + h[1][1];
        double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        double disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
        double[] lambda = {tr / 2 + disc, tr / 2 - disc};
        double angle = 0.5 * Math.atan2(2 * h[0][1], h[0][0] - h[1][1]);
        double[] e1 = {Math.cos(angle), Math.sin(angle)};
        double[] e2 = {-Math.sin(angle), Math.cos(angle)};
        double start = 0.5 * (lambda[0] * sq(d.optimum()[0] * e1[0] + d.optimum()[1] * e1[1])
                + lambda[1] * sq(d.optimum()[0] * e2[0] + d.optimum()[1] * e2[1]));
        Map<String, double[][]> g = new LinkedHashMap<>();
        for (double frac : new double[] {1, 0.3, 0.1, 0.02}) {
            double c = start * frac;
            double[] xs = new double[121];
            double[] ys = new double[121];
            for (int i = 0; i <= 120; i++) {
                double a = 2 * Math.PI * i / 120;
                double u = Math.sqrt(2 * c / lambda[0]) * Math.cos(a);
                double v = Math.sqrt(2 * c / lambda[1]) * Math.sin(a);
                xs[i] = d.optimum()[0] + u * e1[0] + v * e2[0];
                ys[i] = d.optimum()[1] + u * e1[1] + v * e2[1];
            }
            g.put("level " + frac, new double[][] {xs, ys});
        }
        return g;
    }

    private static double sq(double v) {
        return v * v;
    }
}
