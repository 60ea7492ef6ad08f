package dev.kiln.cli.lab;

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
 * The notes' over-fitting example: a polynomial of high degree through a few noisy points fits
 * them almost exactly and swings wildly between them; adding λΣθⱼ² to the cost (L2
 * regularisation, all coefficients but the constant) shrinks the coefficients and smooths the
 * curve; a λ that is too large flattens it until it under-fits. Degree 9 on 12 points of
 * sin(πx) + noise, fitted exactly by minimising (1/2m)Σ(h(x) − y)² + λΣ_{j≥1}θⱼ² (the normal
 * equations (ΦᵀΦ/m + 2λI')θ = Φᵀy/m).
 */
final class PolynomialRegularizationExperiment extends DescribedExperiment {
    /** The polynomial degree. */
    static final int DEGREE = 9;
    /** Training points. */
    static final int POINTS = 12;
    /** The three λ shown as curves: none, moderate, too large. */
    static final double[] SHOWN = {0, 1e-3, 10};

    PolynomialRegularizationExperiment() {
        super("polynomial-l2", "Polynomial over-fitting and L2 regularisation", Chapter.S002,
                "A high-degree polynomial over-fits a few noisy points (tiny training error, large test error); adding λΣθⱼ² to "
                        + "the cost shrinks the parameters and reduces over-fitting, but a λ that is too large makes the fit nearly "
                        + "flat and it under-fits (training and test error both large).");
    }

    /** Training and test data: {x, y} each, y = sin(πx) + N(0, 0.2²) on the training points, noise-free on the test grid. */
    static double[][][] data(long seed) {
        Generator g = new Generator(seed);
        double[] x = Tensor.uniform(g, -1, 1, POINTS).to(DType.FLOAT64).toDoubleArray();
        double[] noise = Tensor.randn(g, POINTS).to(DType.FLOAT64).mul(0.2).toDoubleArray();
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            y[i] = Math.sin(Math.PI * x[i]) + noise[i];
        }
        double[] xt = grid(-1, 1, 201);
        double[] yt = new double[xt.length];
        for (int i = 0; i < xt.length; i++) {
            yt[i] = Math.sin(Math.PI * xt[i]);
        }
        return new double[][][] {{x, y}, {xt, yt}};
    }

    /** The design matrix Φ (n, DEGREE + 1) of powers of x. */
    static Tensor design(double[] x) {
        Tensor t = Tensor.fromArray(x.clone(), x.length, 1).to(DType.FLOAT64);
        List<Tensor> cols = new ArrayList<>();
        for (int j = 0; j <= DEGREE; j++) {
            cols.add(t.pow(j));
        }
        return Tensor.cat(cols, 1);
    }

    /** The coefficients minimising (1/2m)Σ(Φθ − y)² + λΣ_{j≥1}θⱼ². */
    static double[] fit(double[] x, double[] y, double lambda) {
        Tensor phi = design(x);
        int m = x.length;
        int k = DEGREE + 1;
        Tensor a = phi.t().matmul(phi).div(m);
        Tensor b = phi.t().matmul(Tensor.fromArray(y.clone(), m, 1).to(DType.FLOAT64)).div(m);
        double[][] aug = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                aug[i][j] = a.getDouble(i, j) + (i == j && i > 0 ? 2 * lambda : 0);
            }
            aug[i][k] = b.getDouble(i, 0);
        }
        return solve(aug);
    }

    /** Gaussian elimination with partial pivoting on an augmented k×(k+1) system. */
    static double[] solve(double[][] aug) {
        int k = aug.length;
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                pivot = Math.abs(aug[r][c]) > Math.abs(aug[pivot][c]) ? r : pivot;
            }
            double[] tmp = aug[c];
            aug[c] = aug[pivot];
            aug[pivot] = tmp;
            for (int r = c + 1; r < k; r++) {
                double f = aug[r][c] / aug[c][c];
                for (int j = c; j <= k; j++) {
                    aug[r][j] -= f * aug[c][j];
                }
            }
        }
        double[] theta = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = aug[r][k];
            for (int j = r + 1; j < k; j++) {
                s -= aug[r][j] * theta[j];
            }
            theta[r] = s / aug[r][r];
        }
        return theta;
    }

    /** Mean squared error of the polynomial θ on (x, y). */
    static double mse(double[] theta, double[] x, double[] y) {
        Tensor pred = design(x).matmul(Tensor.fromArray(theta.clone(), theta.length, 1));
        return pred.sub(Tensor.fromArray(y.clone(), y.length, 1).to(DType.FLOAT64)).square().mean().item();
    }

    /** {train MSE, test MSE, ‖θ‖} for λ. */
    static double[] errors(double[][][] d, double lambda) {
        double[] theta = fit(d[0][0], d[0][1], lambda);
        double norm = 0;
        for (double t : theta) {
            norm += t * t;
        }
        return new double[] {mse(theta, d[0][0], d[0][1]), mse(theta, d[1][0], d[1][1]), Math.sqrt(norm)};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[][][] d = data(seed);
        r.paragraph("Degree-" + DEGREE + " polynomial through " + POINTS + " points of sin(πx) + N(0, 0.2²), x ~ U(−1, 1); test error on "
                + "201 noise-free points of sin(πx) over [−1, 1].");
        Map<String, double[][]> fits = new LinkedHashMap<>();
        fits.put("training points", new double[][] {d[0][0], d[0][1]});
        fits.put("sin(πx)", new double[][] {d[1][0], d[1][1]});
        List<List<String>> rows = new ArrayList<>();
        for (double lambda : SHOWN) {
            double[] theta = fit(d[0][0], d[0][1], lambda);
            double[] pred = design(d[1][0]).matmul(Tensor.fromArray(theta.clone(), theta.length, 1)).toDoubleArray();
            fits.put("λ = " + LabReport.num(lambda), new double[][] {d[1][0], pred});
            double[] e = errors(d, lambda);
            rows.add(List.of(LabReport.num(lambda), LabReport.num(e[0]), LabReport.num(e[1]), LabReport.num(e[2])));
        }
        r.table(List.of("λ", "training MSE", "test MSE", "‖θ‖"), rows);
        r.chart("fits.png", new LabReport.Panel("Degree-9 fits for three λ", "x", "y", fits, Map.of(), false, false,
                new double[] {-1.05, 1.05, -2.5, 2.5}), 900, 550);
        double[] lambdas = new double[25];
        double[] train = new double[25];
        double[] test = new double[25];
        for (int i = 0; i < 25; i++) {
            double lambda = Math.pow(10, -8 + 0.375 * i);
            double[] e = errors(d, lambda);
            lambdas[i] = Math.log10(lambda);
            train[i] = e[0];
            test[i] = e[1];
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("training MSE", train);
        curves.put("test MSE", test);
        r.lineChart("errors.png", "Training and test error against λ (log scales)", "log10 λ", "MSE", lambdas, curves, true);
        double[] none = errors(d, SHOWN[0]);
        double[] moderate = errors(d, SHOWN[1]);
        double[] large = errors(d, SHOWN[2]);
        boolean holds = none[0] < moderate[0] && none[1] > 2 * moderate[1] && large[0] > 5 * moderate[0] && large[1] > 2 * moderate[1]
                && none[2] > moderate[2] && moderate[2] > large[2];
        return new Finding(String.format(Locale.ROOT, "training / test MSE: λ = 0 %s / %s (over-fits), λ = 1e-3 %s / %s, λ = 10 %s / %s "
                + "(under-fits); ‖θ‖ %s → %s → %s", LabReport.num(none[0]), LabReport.num(none[1]), LabReport.num(moderate[0]),
                LabReport.num(moderate[1]), LabReport.num(large[0]), LabReport.num(large[1]), LabReport.num(none[2]),
                LabReport.num(moderate[2]), LabReport.num(large[2])), holds);
    }
}
