package dev.kiln.cli.lab;

import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tanh is a shifted, rescaled sigmoid: tanh(x) = 2σ(2x) − 1, so it has the sigmoid's shape but
 * a zero-centred output in (−1, 1) and a derivative of up to 1 instead of 1/4.
 */
final class TanhSigmoidExperiment extends DescribedExperiment {
    TanhSigmoidExperiment() {
        super("tanh-sigmoid", "tanh(x) = 2σ(2x) − 1", Chapter.S001,
                "tanh is a rescaled sigmoid, tanh(x) = 2σ(2x) − 1: zero-centred with outputs in (−1, 1), its largest slope "
                        + "tanh'(0) = 1 is four times the sigmoid's σ'(0) = 1/4.");
    }

    /** The largest |tanh(x) − (2σ(2x) − 1)| over [−10, 10] in float64. */
    static double identityError() {
        Tensor x = Tensor.linspace(-10, 10, 2001).to(DType.FLOAT64);
        return Activations.tanh(x).sub(Activations.sigmoid(x.mul(2)).mul(2).sub(1)).abs().max().item();
    }

    /** {σ'(0), tanh'(0)} by autograd. */
    static double[] slopesAtZero() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        Activations.sigmoid(a).sum().backward();
        Tensor b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        Activations.tanh(b).sum().backward();
        return new double[] {a.grad().item(), b.grad().item()};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] x = grid(-5, 5, 201);
        Tensor t = Tensor.fromArray(x, x.length);
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("tanh(x)", Activations.tanh(t).toDoubleArray());
        s.put("2σ(2x) − 1", Activations.sigmoid(t.mul(2)).mul(2).sub(1).toDoubleArray());
        s.put("σ(x)", Activations.sigmoid(t).toDoubleArray());
        r.lineChart("tanh_sigmoid.png", "tanh(x) and 2σ(2x) − 1 coincide; σ(x) is not zero-centred", "x", "f(x)", x, s, false);
        double err = identityError();
        double[] slopes = slopesAtZero();
        r.table(List.of("quantity", "value"), List.of(
                List.of("max |tanh(x) − (2σ(2x) − 1)| on [−10, 10]", LabReport.num(err)),
                List.of("σ'(0) (autograd)", LabReport.num(slopes[0])),
                List.of("tanh'(0) (autograd)", LabReport.num(slopes[1]))));
        boolean holds = err < 1e-12 && Math.abs(slopes[0] - 0.25) < 1e-12 && Math.abs(slopes[1] - 1) < 1e-12;
        return new Finding("max |tanh(x) − (2σ(2x) − 1)| = " + LabReport.num(err) + "; σ'(0) = " + LabReport.num(slopes[0])
                + ", tanh'(0) = " + LabReport.num(slopes[1]), holds);
    }
}
