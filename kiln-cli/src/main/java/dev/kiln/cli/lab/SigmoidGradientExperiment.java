package dev.kiln.cli.lab;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notes' sigmoid plot: x = arange(−8, 8, 0.1), y = sigmoid(x), y.backward(ones_like(x)); the
 * gradient σ'(x) = σ(x)(1 − σ(x)) peaks at 1/4 at 0 and vanishes for large |x| (3.4e−4 at −8).
 */
final class SigmoidGradientExperiment extends DescribedExperiment {
    SigmoidGradientExperiment() {
        super("sigmoid-gradient", "The sigmoid's gradient vanishes on [−8, 8]", Chapter.S003,
                "The gradient of the sigmoid vanishes when its input is large or small: over arange(−8, 8, 0.1) it peaks at "
                        + "σ'(0) = 0.25 and falls to about 3e−4 at ±8, so back-propagating through many sigmoids cuts the gradient off.");
    }

    /** {x, σ(x), σ'(x)} over arange(−8, 8, 0.1), the derivative by autograd (float32, as in the notes). */
    static double[][] curve() {
        Tensor x = Tensor.arange(-8.0, 8.0, 0.1).requiresGrad(true);
        Tensor y = x.sigmoid();
        y.backward(y.onesLike());
        return new double[][] {x.detach().toDoubleArray(), y.detach().toDoubleArray(), x.grad().toDoubleArray()};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[][] c = curve();
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("sigmoid", c[1]);
        s.put("gradient", c[2]);
        r.lineChart("sigmoid.png", "sigmoid and its gradient (x = arange(−8, 8, 0.1))", "x", "", c[0], s, false);
        int peak = 0;
        for (int i = 1; i < c[2].length; i++) {
            peak = c[2][i] > c[2][peak] ? i : peak;
        }
        double left = c[2][0];
        double right = c[2][c[2].length - 1];
        r.table(List.of("x", "σ(x)", "σ'(x) by autograd", "σ(x)(1 − σ(x))"), List.of(
                List.of(LabReport.num(c[0][0]), LabReport.num(c[1][0]), LabReport.num(left), LabReport.num(c[1][0] * (1 - c[1][0]))),
                List.of(LabReport.num(c[0][peak]), LabReport.num(c[1][peak]), LabReport.num(c[2][peak]),
                        LabReport.num(c[1][peak] * (1 - c[1][peak]))),
                List.of(LabReport.num(c[0][c[0].length - 1]), LabReport.num(c[1][c[1].length - 1]), LabReport.num(right),
                        LabReport.num(c[1][c[1].length - 1] * (1 - c[1][c[1].length - 1])))));
        boolean holds = Math.abs(c[2][peak] - 0.25) < 1e-6 && Math.abs(c[0][peak]) < 0.051 && left < 5e-4 && right < 5e-4;
        return new Finding("σ' peaks at " + LabReport.num(c[2][peak]) + " (x = " + LabReport.num(c[0][peak]) + "); σ'(−8) = "
                + LabReport.num(left) + ", σ'(7.9) = " + LabReport.num(right), holds);
    }
}
