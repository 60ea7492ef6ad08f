package dev.kiln.cli.lab;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notes' autograd example: x = ones(2, 2) with requires_grad; y = x + 2; z = y·y·3;
 * out = z.mean(); out.backward() leaves ∂out/∂x = 6(x + 2)/4 = 4.5 in every entry of x.grad.
 * The chart repeats it for x = t·ones(2, 2) over t ∈ [−3, 3] beside the hand-derived 1.5(t + 2).
 */
final class AutogradExperiment extends DescribedExperiment {
    AutogradExperiment() {
        super("autograd", "The autograd example: x.grad = 4.5", Chapter.S001,
                "For x = ones(2,2), y = x + 2, z = y·y·3, out = z.mean(): out = 27 and out.backward() gives x.grad = 4.5 in "
                        + "every entry (∂out/∂x = 6(x+2)/4).");
    }

    /** The example at x = t·ones(2, 2): {out, the four entries of x.grad}. */
    static double[] example(double t) {
        Tensor x = Tensor.full(t, 2, 2).requiresGrad(true);
        Tensor y = x.add(2);
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();
        out.backward();
        double[] g = x.grad().toDoubleArray();
        return new double[] {out.item(), g[0], g[1], g[2], g[3]};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] at1 = example(1);
        r.paragraph("x = torch.ones(2, 2, requires_grad=True); y = x + 2; z = y * y * 3; out = z.mean(); out.backward(). "
                + "By hand: out = (1/4)·Σ 3(x+2)², so ∂out/∂x = 6(x+2)/4 = 1.5·(x+2) = 4.5 at x = 1.");
        r.table(List.of("quantity", "Kiln", "by hand"), List.of(
                List.of("out", LabReport.num(at1[0]), "27"),
                List.of("x.grad[0,0]", LabReport.num(at1[1]), "4.5"),
                List.of("x.grad[0,1]", LabReport.num(at1[2]), "4.5"),
                List.of("x.grad[1,0]", LabReport.num(at1[3]), "4.5"),
                List.of("x.grad[1,1]", LabReport.num(at1[4]), "4.5")));
        double[] t = grid(-3, 3, 61);
        double[] auto = new double[t.length];
        double[] hand = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            auto[i] = example(t[i])[1];
            hand[i] = 1.5 * (t[i] + 2);
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("x.grad by autograd", auto);
        s.put("1.5·(t + 2) by hand", hand);
        r.lineChart("grad.png", "x.grad of mean(3(x+2)²) at x = t·ones(2,2)", "t", "x.grad", t, s, false);
        boolean holds = Math.abs(at1[0] - 27) < 1e-5;
        for (int k = 1; k <= 4; k++) {
            holds &= Math.abs(at1[k] - 4.5) < 1e-6;
        }
        return new Finding("out = " + LabReport.num(at1[0]) + ", x.grad = [[" + LabReport.num(at1[1]) + ", " + LabReport.num(at1[2])
                + "], [" + LabReport.num(at1[3]) + ", " + LabReport.num(at1[4]) + "]]", holds);
    }
}
