package dev.kiln.cli.lab;

import dev.kiln.nn.loss.L1Loss;
import dev.kiln.nn.loss.MSELoss;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notes' MSELoss example with their printed 3×5 input and target: MSE = mean((x − y)²) =
 * 1.3283. The chart moves the input toward the target, x(s) = x + s·(y − x), where
 * MSE(s) = (1 − s)²·MSE(0) and L1(s) = |1 − s|·L1(0).
 */
final class MseLossExperiment extends DescribedExperiment {
    /** The input printed in the notes (torch.randn(3, 5)). */
    static final double[][] INPUT = {
        {0.7129, -0.2203, 0.6206, 0.7164, -0.0434},
        {-0.0893, 0.4532, -0.2532, 1.8048, -0.8380},
        {-0.1634, 1.3425, 0.7831, -0.1677, -2.0653}};
    /** The target printed in the notes. */
    static final double[][] TARGET = {
        {-0.5880, -0.8215, -0.4290, -1.5599, -0.0277},
        {-0.0279, 0.5446, -1.0769, 0.7079, -0.0297},
        {0.3958, -0.7714, 0.5840, 0.1859, -0.0419}};
    /** The value the notes print. */
    static final double NOTES_VALUE = 1.3283;

    MseLossExperiment() {
        super("mse-loss", "MSELoss on the notes' input: 1.3283", Chapter.S001,
                "nn.MSELoss() of the printed 3×5 input and target is tensor(1.3283): the mean of the 15 squared differences.");
    }

    /** MSELoss (mean reduction) of the notes' input and target. */
    static double mse() {
        return new MSELoss().forward(Tensor.of(INPUT), Tensor.of(TARGET)).item();
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        Tensor x = Tensor.of(INPUT).requiresGrad(true);
        Tensor y = Tensor.of(TARGET);
        Tensor loss = new MSELoss().forward(x, y);
        loss.backward();
        double mse = loss.item();
        double l1 = new L1Loss().forward(x.detach(), y).item();
        r.paragraph("loss = nn.MSELoss(); output = loss(input, target); output.backward(). The gradient of the mean is "
                + "2(x − y)/15 per entry.");
        double[] g = x.grad().toDoubleArray();
        double[] xd = x.detach().toDoubleArray();
        double[] yd = y.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            worst = Math.max(worst, Math.abs(g[i] - 2 * (xd[i] - yd[i]) / 15));
        }
        r.table(List.of("quantity", "Kiln", "notes"), List.of(
                List.of("MSELoss", String.format(java.util.Locale.ROOT, "%.4f", mse), "1.3283"),
                List.of("L1Loss (same input)", String.format(java.util.Locale.ROOT, "%.4f", l1), "-"),
                List.of("max |x.grad − 2(x−y)/15|", LabReport.num(worst), "0")));
        double[] s = grid(-0.5, 1.5, 81);
        double[] m = new double[s.length];
        double[] a = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            Tensor xs = Tensor.of(INPUT).add(Tensor.of(TARGET).sub(Tensor.of(INPUT)).mul(s[i]));
            m[i] = new MSELoss().forward(xs, y).item();
            a[i] = new L1Loss().forward(xs, y).item();
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("MSELoss", m);
        series.put("L1Loss", a);
        r.lineChart("loss_path.png", "Loss as the input moves to the target: x + s·(y − x)", "s", "loss", s, series, false);
        boolean holds = Math.abs(mse - NOTES_VALUE) < 5e-5 && worst < 1e-6;
        return new Finding(String.format(java.util.Locale.ROOT, "MSELoss = %.4f (%.6f); L1Loss = %.4f", mse, mse, l1), holds);
    }
}
