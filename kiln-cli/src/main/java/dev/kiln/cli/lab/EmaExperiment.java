package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Linear;
import dev.kiln.optim.ExponentialMovingAverage;
import dev.kiln.optim.ExponentialMovingAverage.Correction;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exponential moving average v_t = β·v_{t−1} + (1 − β)·θ_t, the notes' temperature example:
 * with β = 0.9 it averages roughly the last 1/(1 − β) = 10 values; started at v₀ = 0 its first
 * values are far too small, which the bias correction v_t/(1 − β^t) removes. Then the same
 * average of the weights of a net trained by noisy SGD (shadow weights): evaluated with them, the
 * test loss is lower than with the raw weights. Both through {@link ExponentialMovingAverage}.
 */
final class EmaExperiment extends DescribedExperiment {
    /** The decay β. */
    static final double BETA = 0.9;
    /** Days of the temperature series. */
    static final int DAYS = 100;

    EmaExperiment() {
        super("ema", "Exponential moving average with bias correction", Chapter.S004,
                "The moving average v_t = βv_{t−1} + (1−β)θ_t averages about the last 1/(1−β) values; starting from 0 it is "
                        + "far too small at first, and dividing by 1 − β^t (bias correction) fixes that; averaged (shadow) weights "
                        + "are smoother and do better on test data than the raw weights of noisy SGD.");
    }

    /** {θ, v without correction, v with bias correction} over the series, through ExponentialMovingAverage. */
    static double[][] temperatures(long seed) {
        Generator g = new Generator(seed);
        double[] theta = new double[DAYS];
        double[] plain = new double[DAYS];
        double[] corrected = new double[DAYS];
        Tensor t = Tensor.zeros(DType.FLOAT64, 1);
        Tensor zero = Tensor.zeros(DType.FLOAT64, 1);
        ExponentialMovingAverage fromZero = new ExponentialMovingAverage(List.of(zero), BETA, Correction.NONE);
        ExponentialMovingAverage biasCorrected = new ExponentialMovingAverage(List.of(t), BETA, Correction.BIAS_CORRECTION);
        for (int d = 0; d < DAYS; d++) {
            theta[d] = 20 + 8 * Math.sin(2 * Math.PI * d / DAYS) + 2 * Tensor.randn(g, 1).item();
            t.fill_(theta[d]);
            zero.fill_(theta[d]);
            fromZero.update();
            biasCorrected.update();
            plain[d] = fromZero.average(0).item();
            corrected[d] = biasCorrected.average(0).item();
        }
        return new double[][] {theta, plain, corrected};
    }

    /** Test loss of a noisy-SGD linear regression with the raw and the averaged weights: {raw, averaged}. */
    static double[] shadowWeights(long seed) {
        Generator g = new Generator(seed);
        Tensor trueW = Tensor.randn(g, 10, 1);
        Tensor xTrain = Tensor.randn(g, 2000, 10);
        Tensor yTrain = xTrain.matmul(trueW).add(Tensor.randn(g, 2000, 1).mul(1.0));
        Tensor xTest = Tensor.randn(g, 2000, 10);
        Tensor yTest = xTest.matmul(trueW);
        Linear model = new Linear(10, 1, g);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(0.05));
        ExponentialMovingAverage ema = new ExponentialMovingAverage(model.parameters(), 0.99, Correction.BIAS_CORRECTION);
        for (int s = 0; s < 2000; s++) {
            Tensor x = xTrain.narrow(0, s, 1);
            opt.zeroGrad();
            model.forward(x).sub(yTrain.narrow(0, s, 1)).square().mean().backward();
            opt.step();
            ema.update();
        }
        double raw;
        double averaged;
        try (var off = GradMode.disabled()) {
            raw = model.forward(xTest).sub(yTest).square().mean().item();
            try (var scope = ema.swapIn()) {
                averaged = model.forward(xTest).sub(yTest).square().mean().item();
            }
        }
        return new double[] {raw, averaged};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[][] s = temperatures(seed);
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("θ_t (daily temperature)", s[0]);
        curves.put("v_t, β = 0.9, from v₀ = 0", s[1]);
        curves.put("v_t/(1 − β^t), bias-corrected", s[2]);
        r.lineChart("ema.png", "Moving average of a noisy temperature series", "day t", "temperature", steps(DAYS), curves, false);
        double firstPlain = 0;
        double firstCorrected = 0;
        double firstTruth = 0;
        for (int d = 0; d < 5; d++) {
            firstPlain += s[1][d] / 5;
            firstCorrected += s[2][d] / 5;
            firstTruth += s[0][d] / 5;
        }
        double lateGap = 0;
        for (int d = 50; d < DAYS; d++) {
            lateGap = Math.max(lateGap, Math.abs(s[1][d] - s[2][d]) / Math.abs(s[2][d]));
        }
        double[] w = shadowWeights(seed);
        r.table(List.of("quantity", "value"), List.of(
                List.of("mean θ over the first 5 days", LabReport.num(firstTruth)),
                List.of("mean v_t over the first 5 days, no correction", LabReport.num(firstPlain)),
                List.of("mean v_t/(1 − β^t) over the first 5 days", LabReport.num(firstCorrected)),
                List.of("largest relative difference of the two after day 50 (β^50 = 0.005)", LabReport.num(lateGap)),
                List.of("test MSE, raw SGD weights (lr 0.05, one sample per step)", LabReport.num(w[0])),
                List.of("test MSE, EMA shadow weights (β = 0.99)", LabReport.num(w[1]))));
        boolean holds = firstPlain < 0.6 * firstTruth && Math.abs(firstCorrected - firstTruth) < 0.15 * firstTruth
                && lateGap < 0.01 && w[1] < w[0];
        return new Finding(String.format(Locale.ROOT, "first 5 days: θ %.2f, v_t %.2f, bias-corrected %.2f (relative gap after day 50 %s); "
                + "test MSE raw weights %.4f, EMA weights %.4f", firstTruth, firstPlain, firstCorrected, LabReport.num(lateGap), w[0],
                w[1]), holds);
    }
}
