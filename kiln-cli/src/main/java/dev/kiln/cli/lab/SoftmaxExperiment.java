package dev.kiln.cli.lab;

import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes' printed Softmax example: nn.Softmax(dim=1) of the 2×3 input turns each row into a
 * probability distribution, softmax(z)ᵢ = exp(zᵢ)/Σⱼ exp(zⱼ); LogSoftmax is its logarithm.
 */
final class SoftmaxExperiment extends DescribedExperiment {
    /** The input printed in the notes. */
    static final double[][] INPUT = {{-1.0440, -0.6643, 0.2725}, {0.7247, 0.6124, 0.3263}};
    /** The output printed in the notes. */
    static final double[][] NOTES_OUTPUT = {{0.1615, 0.2361, 0.6024}, {0.3898, 0.3484, 0.2617}};

    SoftmaxExperiment() {
        super("softmax", "Softmax and LogSoftmax on the notes' input", Chapter.S001,
                "nn.Softmax(dim=1) of [[-1.0440, -0.6643, 0.2725], [0.7247, 0.6124, 0.3263]] prints "
                        + "[[0.1615, 0.2361, 0.6024], [0.3898, 0.3484, 0.2617]]: every entry in (0, 1), every row summing to 1; "
                        + "LogSoftmax is its logarithm.");
    }

    /** The largest |Kiln − notes| over the six printed entries. */
    static double worstDifference() {
        double[] got = Softmax.softmax(Tensor.of(INPUT), 1).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < 6; i++) {
            worst = Math.max(worst, Math.abs(got[i] - NOTES_OUTPUT[i / 3][i % 3]));
        }
        return worst;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        Tensor x = Tensor.of(INPUT);
        double[] p = Softmax.softmax(x, 1).toDoubleArray();
        double[] logp = Softmax.logSoftmax(x, 1).toDoubleArray();
        List<List<String>> rows = new ArrayList<>();
        double worstLog = 0;
        for (int i = 0; i < 6; i++) {
            rows.add(List.of("[" + i / 3 + "," + i % 3 + "]", String.format(Locale.ROOT, "%.4f", INPUT[i / 3][i % 3]),
                    String.format(Locale.ROOT, "%.4f", p[i]), String.format(Locale.ROOT, "%.4f", NOTES_OUTPUT[i / 3][i % 3]),
                    String.format(Locale.ROOT, "%.4f", logp[i])));
            worstLog = Math.max(worstLog, Math.abs(Math.exp(logp[i]) - p[i]));
        }
        r.table(List.of("entry", "input", "Softmax (Kiln)", "Softmax (notes)", "LogSoftmax"), rows);
        double sum0 = p[0] + p[1] + p[2];
        double sum1 = p[3] + p[4] + p[5];
        double[] z = grid(-4, 4, 161);
        Map<String, double[]> s = new LinkedHashMap<>();
        String[] names = {"p0", "p1", "p2"};
        double[][] curves = new double[3][z.length];
        for (int i = 0; i < z.length; i++) {
            double[] q = Softmax.softmax(Tensor.of(new double[][] {{z[i], -0.6643, 0.2725}}), 1).toDoubleArray();
            for (int k = 0; k < 3; k++) {
                curves[k][i] = q[k];
            }
        }
        for (int k = 0; k < 3; k++) {
            s.put(names[k] + (k == 0 ? " (logit z varies)" : ""), curves[k]);
        }
        r.lineChart("softmax.png", "Softmax of (z, -0.6643, 0.2725) as z varies: the probabilities always sum to 1", "z",
                "probability", z, s, false);
        double worst = worstDifference();
        boolean holds = worst < 5e-5 && Math.abs(sum0 - 1) < 1e-6 && Math.abs(sum1 - 1) < 1e-6 && worstLog < 1e-6;
        return new Finding(String.format(Locale.ROOT,
                "Softmax = [[%.4f, %.4f, %.4f], [%.4f, %.4f, %.4f]], largest difference from the notes %s; row sums %.6f, %.6f; "
                        + "max |exp(LogSoftmax) − Softmax| %s", p[0], p[1], p[2], p[3], p[4], p[5], LabReport.num(worst), sum0, sum1,
                LabReport.num(worstLog)), holds);
    }
}
