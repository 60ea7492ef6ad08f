package dev.kiln.cli.lab;

import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.loss.BCELoss;
import dev.kiln.nn.loss.BCEWithLogitsLoss;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes' BCELoss example: input (1.1908, 0.1135, 2.3812) through a sigmoid gives
 * (0.7669, 0.5284, 0.9154); against target (1, 1, 0) BCELoss = −mean(y·log p + (1 − y)·log(1 − p))
 * = 1.1243. BCEWithLogitsLoss on the raw input gives the same value in one fused, stable step.
 */
final class BceLossExperiment extends DescribedExperiment {
    /** The input printed in the notes. */
    static final double[] INPUT = {1.1908, 0.1135, 2.3812};
    /** The target printed in the notes. */
    static final double[] TARGET = {1, 1, 0};
    /** The sigmoid of the input as the notes print it. */
    static final double[] NOTES_SIGMOID = {0.7669, 0.5284, 0.9154};
    /** The value the notes print. */
    static final double NOTES_VALUE = 1.1243;

    BceLossExperiment() {
        super("bce-loss", "BCELoss on the notes' input: 1.1243", Chapter.S001,
                "With input (1.1908, 0.1135, 2.3812), m = nn.Sigmoid() gives (0.7669, 0.5284, 0.9154) and "
                        + "nn.BCELoss()(m(input), target (1, 1, 0)) = 1.1243; BCEWithLogitsLoss fuses the sigmoid and gives the same.");
    }

    /** {BCELoss(σ(input), target), BCEWithLogitsLoss(input, target), σ(input)...}. */
    static double[] values() {
        Tensor x = Tensor.of(INPUT);
        Tensor y = Tensor.of(TARGET);
        Tensor p = Activations.sigmoid(x);
        double[] s = p.toDoubleArray();
        return new double[] {new BCELoss().forward(p, y).item(), new BCEWithLogitsLoss().forward(x, y).item(), s[0], s[1], s[2]};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] v = values();
        r.paragraph("m = nn.Sigmoid(); loss = nn.BCELoss(); output = loss(m(input), target). BCE of one element is "
                + "−[y·log p + (1−y)·log(1−p)]: the first two elements are labelled 1 (−log p), the third 0 (−log(1−p)).");
        r.table(List.of("quantity", "Kiln", "notes"), List.of(
                List.of("m(input)[0]", String.format(Locale.ROOT, "%.4f", v[2]), "0.7669"),
                List.of("m(input)[1]", String.format(Locale.ROOT, "%.4f", v[3]), "0.5284"),
                List.of("m(input)[2]", String.format(Locale.ROOT, "%.4f", v[4]), "0.9154"),
                List.of("BCELoss", String.format(Locale.ROOT, "%.4f", v[0]), "1.1243"),
                List.of("BCEWithLogitsLoss", String.format(Locale.ROOT, "%.4f", v[1]), "1.1243")));
        double[] p = grid(0.001, 0.999, 999);
        double[] pos = new double[p.length];
        double[] neg = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            Tensor pi = Tensor.of(p[i]);
            pos[i] = new BCELoss().forward(pi, Tensor.of(1.0)).item();
            neg[i] = new BCELoss().forward(pi, Tensor.of(0.0)).item();
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("target 1: −log p", pos);
        s.put("target 0: −log(1 − p)", neg);
        r.lineChart("bce.png", "BCE of one prediction p", "p", "loss", p, s, false);
        boolean holds = Math.abs(v[0] - NOTES_VALUE) < 5e-5 && Math.abs(v[1] - NOTES_VALUE) < 5e-5;
        // the printed input is itself rounded to 4 decimals, so the sigmoid agrees to the printed precision, ±1e-4
        for (int i = 0; i < 3; i++) {
            holds &= Math.abs(v[2 + i] - NOTES_SIGMOID[i]) <= 1e-4;
        }
        return new Finding(String.format(Locale.ROOT, "sigmoid(input) = (%.4f, %.4f, %.4f); BCELoss = %.4f; BCEWithLogitsLoss = %.4f",
                v[2], v[3], v[4], v[0], v[1]), holds);
    }
}
