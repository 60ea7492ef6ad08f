package dev.kiln.cli.lab;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.loss.ContrastiveLoss;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contrastive loss against the distance d = ‖x₁ − x₂‖ of a pair:
 * L = ½·(y·d² + (1 − y)·max(0, margin − d)²), y = 1 for a similar pair. Similar pairs are pulled
 * together at every distance; dissimilar pairs are pushed apart only while closer than the margin.
 */
final class ContrastiveLossExperiment extends DescribedExperiment {
    /** The margin. */
    static final double MARGIN = 1.0;

    ContrastiveLossExperiment() {
        super("contrastive-loss", "Contrastive loss against distance, with its margin", Chapter.S004,
                "Contrastive loss ½(y·d² + (1−y)·max(0, margin − d)²): a similar pair (y = 1) costs d², growing with the "
                        + "distance; a dissimilar pair (y = 0) costs only while d < margin and nothing beyond it.");
    }

    /** The loss of one pair at distance d with the given label (1 = similar), through ContrastiveLoss. */
    static double loss(double d, long label) {
        Tensor x1 = Tensor.of(new double[][] {{0, 0}});
        Tensor x2 = Tensor.of(new double[][] {{d * 0.6, d * 0.8}});
        return new ContrastiveLoss(MARGIN, Reduction.MEAN).forward(x1, x2, Tensor.of(label)).item();
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] d = grid(0, 2, 201);
        double[] similar = new double[d.length];
        double[] dissimilar = new double[d.length];
        double worst = 0;
        double beyond = 0;
        for (int i = 0; i < d.length; i++) {
            similar[i] = loss(d[i], 1);
            dissimilar[i] = loss(d[i], 0);
            worst = Math.max(worst, Math.abs(similar[i] - 0.5 * d[i] * d[i]));
            double hinge = Math.max(0, MARGIN - d[i]);
            worst = Math.max(worst, Math.abs(dissimilar[i] - 0.5 * hinge * hinge));
            if (d[i] >= MARGIN) {
                beyond = Math.max(beyond, dissimilar[i]);
            }
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("similar pair (y = 1): ½d²", similar);
        s.put("dissimilar pair (y = 0): ½max(0, m − d)²", dissimilar);
        r.lineChart("contrastive.png", "Contrastive loss against distance, margin m = " + MARGIN, "distance d", "loss", d, s, false);
        r.table(List.of("d", "similar", "dissimilar"), List.of(
                List.of("0", LabReport.num(similar[0]), LabReport.num(dissimilar[0])),
                List.of("0.5", LabReport.num(similar[50]), LabReport.num(dissimilar[50])),
                List.of("1 (margin)", LabReport.num(similar[100]), LabReport.num(dissimilar[100])),
                List.of("2", LabReport.num(similar[200]), LabReport.num(dissimilar[200]))));
        boolean increasing = true;
        for (int i = 1; i < d.length; i++) {
            increasing &= similar[i] > similar[i - 1];
        }
        boolean holds = increasing && beyond == 0 && dissimilar[0] > 0 && worst < 1e-9;
        return new Finding("similar: " + LabReport.num(similar[0]) + " at d = 0 rising to " + LabReport.num(similar[200])
                + " at d = 2; dissimilar: " + LabReport.num(dissimilar[0]) + " at d = 0, largest beyond the margin "
                + LabReport.num(beyond) + "; largest deviation from the formula " + LabReport.num(worst), holds);
    }
}
