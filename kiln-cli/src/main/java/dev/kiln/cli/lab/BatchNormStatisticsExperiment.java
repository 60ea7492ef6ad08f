package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Batch Normalization's two modes. In training, BatchNorm1d normalises each feature with the
 * mean and (biased) variance of the current batch, x̂ = (x − μ_B)/√(σ²_B + ε), then y = γx̂ + β,
 * and updates the running averages running ← (1 − m)·running + m·batch statistic (m = 0.1, the
 * variance unbiased). In evaluation it uses the running averages instead, so a single sample is
 * normalised the same way whatever batch it comes in.
 */
final class BatchNormStatisticsExperiment extends DescribedExperiment {
    /** Training batches fed. */
    static final int BATCHES = 60;
    /** Samples per batch. */
    static final int BATCH = 64;
    /** The data's mean and std (per feature). */
    static final double MEAN = 5;
    /** The data's std. */
    static final double STD = 2;

    BatchNormStatisticsExperiment() {
        super("batchnorm-statistics", "Batch Normalization: training vs evaluation statistics", Chapter.S002,
                "In training, BN normalises with the mean and variance of the current mini-batch (outputs of mean 0, variance 1) "
                        + "and keeps moving averages of them (momentum 0.1); in evaluation it uses those running averages instead of "
                        + "the batch's.");
    }

    /**
     * Feeds {@link #BATCHES} batches of N(5, 2²) data with 3 features; returns {running mean per
     * batch (feature 0), the formula 5·(1 − 0.9^k), and at the end: train-mode output mean, std,
     * eval-mode max |y − (x − running_mean)/√(running_var + ε)|, running var}.
     */
    static double[][] feed(long seed) {
        Generator g = new Generator(seed);
        BatchNorm1d bn = new BatchNorm1d(3);
        double[] running = new double[BATCHES + 1];
        double[] formula = new double[BATCHES + 1];
        double outMean = 0;
        double outStd = 0;
        try (var off = GradMode.disabled()) {
            bn.train();
            for (int k = 1; k <= BATCHES; k++) {
                Tensor x = Tensor.normal(g, MEAN, STD, BATCH, 3);
                Tensor y = bn.forward(x);
                running[k] = bn.runningMean().getDouble(0);
                formula[k] = MEAN * (1 - Math.pow(0.9, k));
                if (k == BATCHES) {
                    outMean = y.to(DType.FLOAT64).mean(0).abs().max().item();
                    outStd = y.to(DType.FLOAT64).std(new int[] {0}, 0, false).sub(1).abs().max().item();
                }
            }
            bn.eval();
            Tensor x = Tensor.normal(g, MEAN, STD, 8, 3);
            Tensor y = bn.forward(x);
            Tensor expected = x.sub(bn.runningMean()).div(bn.runningVar().add(1e-5).sqrt());
            double evalError = y.sub(expected).abs().max().item();
            Tensor single = bn.forward(x.narrow(0, 0, 1));
            double singleError = single.sub(y.narrow(0, 0, 1)).abs().max().item();
            return new double[][] {running, formula,
                {outMean, outStd, evalError, bn.runningVar().getDouble(0), singleError, bn.runningMean().getDouble(0)}};
        }
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[][] f = feed(seed);
        double[] end = f[2];
        r.paragraph("BatchNorm1d(3) (γ = 1, β = 0) is fed " + BATCHES + " training batches of " + BATCH + " samples of N(" + MEAN
                + ", " + STD + "²) per feature; the running mean starts at 0 and follows running ← 0.9·running + 0.1·μ_B, "
                + "about 5·(1 − 0.9^k) after k batches. Then, in eval mode, a batch of 8 and one of its samples alone are normalised "
                + "with the running statistics.");
        r.table(List.of("quantity", "value"), List.of(
                List.of("train mode: largest |mean| of the outputs per feature", LabReport.num(end[0])),
                List.of("train mode: largest |std − 1| of the outputs per feature (biased std)", LabReport.num(end[1])),
                List.of("running mean after " + BATCHES + " batches (feature 0)", LabReport.num(end[5])),
                List.of("5·(1 − 0.9^" + BATCHES + ")", LabReport.num(MEAN * (1 - Math.pow(0.9, BATCHES)))),
                List.of("running var (feature 0), data variance 4", LabReport.num(end[3])),
                List.of("eval mode: max |y − (x − running_mean)/√(running_var + ε)|", LabReport.num(end[2])),
                List.of("eval mode: max |y(sample alone) − y(sample in its batch)|", LabReport.num(end[4]))));
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("running_mean (feature 0)", f[0]);
        s.put("5·(1 − 0.9^k)", f[1]);
        r.lineChart("running_mean.png", "BN running mean after k training batches", "batch k", "running mean", steps(BATCHES + 1), s,
                false);
        boolean holds = end[0] < 1e-5 && end[1] < 1e-2 && Math.abs(end[5] - MEAN) < 0.1 && Math.abs(end[3] - STD * STD) < 0.4
                && end[2] < 1e-5 && end[4] < 1e-6;
        return new Finding(String.format(Locale.ROOT, "train-mode outputs: |mean| ≤ %s, |std − 1| ≤ %s; running mean %.3f and var %.3f "
                + "after %d batches of N(5, 4); eval mode matches (x − running_mean)/√(running_var + ε) to %s and gives the same "
                + "output for a sample alone", LabReport.num(end[0]), LabReport.num(end[1]), end[5], end[3], BATCHES,
                LabReport.num(end[2])), holds);
    }
}
