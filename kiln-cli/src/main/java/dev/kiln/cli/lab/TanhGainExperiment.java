package dev.kiln.cli.lab;

import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The empirical gain of tanh, as the notes compute it: x = randn(10000), out = tanh(x),
 * gain = std(x)/std(out) ≈ 1.6, beside nn.init.calculate_gain('tanh') = 5/3. The chart shows
 * the gain as a function of the input's std: 1 for tiny inputs (tanh is linear near 0), growing
 * as more inputs fall in the saturated region.
 */
final class TanhGainExperiment extends DescribedExperiment {
    TanhGainExperiment() {
        super("tanh-gain", "The empirical gain of tanh: about 1.6 against 5/3", Chapter.S000,
                "calculate_gain('tanh') is about 1.6: for x = randn(10000), std(x)/std(tanh(x)) ≈ 1.6, close to the 5/3 PyTorch "
                        + "returns — tanh shrinks the std of N(0,1) data by that factor.");
    }

    /** std(x)/std(tanh(x)) for x of {@code n} N(0, σ²) samples. */
    static double gain(double sigma, int n, long seed) {
        try (var off = GradMode.disabled()) {
            Tensor x = Tensor.normal(new Generator(seed), 0, sigma, n).to(DType.FLOAT64);
            return x.std().item() / x.tanh().std().item();
        }
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double g = gain(1, 10_000, seed);
        double big = gain(1, 1_000_000, seed + 1);
        double[] sigma = grid(0.05, 3, 60);
        double[] gains = new double[sigma.length];
        double[] fiveThirds = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            gains[i] = gain(sigma[i], 100_000, seed + 2 + i);
            fiveThirds[i] = Init.calculateGain(Nonlinearity.TANH);
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("std(x)/std(tanh(x)), x ~ N(0, σ²)", gains);
        s.put("calculate_gain('tanh') = 5/3", fiveThirds);
        r.lineChart("gain.png", "The gain of tanh against the input's std", "σ", "gain", sigma, s, false);
        r.table(List.of("samples", "std(x)/std(tanh(x))", "calculate_gain('tanh')"), List.of(
                List.of("10000", String.format(Locale.ROOT, "%.4f", g), String.format(Locale.ROOT, "%.4f", Init.calculateGain(Nonlinearity.TANH))),
                List.of("1000000", String.format(Locale.ROOT, "%.4f", big), String.format(Locale.ROOT, "%.4f", 5.0 / 3))));
        boolean holds = Math.abs(g - 1.6) < 0.05 && Math.abs(Init.calculateGain(Nonlinearity.TANH) - 5.0 / 3) < 1e-12;
        return new Finding(String.format(Locale.ROOT, "std(x)/std(tanh(x)) = %.4f (10⁴ samples), %.4f (10⁶); calculate_gain('tanh') = %.4f",
                g, big, Init.calculateGain(Nonlinearity.TANH)), holds);
    }
}
