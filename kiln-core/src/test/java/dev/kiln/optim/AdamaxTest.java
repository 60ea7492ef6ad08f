package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Adamax's block kernel against the update written element by element on plain arrays (the formula
 * of its Javadoc), bit for bit, in float32 and float64, over sizes that end inside a block.
 */
class AdamaxTest {
    private static final int STEPS = 3;
    private static final DoubleUnaryOperator ROUND_TO_FLOAT = v -> (float) v;

    @Test
    void float32StepsMatchThePlainLoopBitForBit() {
        for (int n : new int[] {1, 511, 1300}) {
            for (var o : options()) {
                double[][] grads = {random(n, 2, ROUND_TO_FLOAT), random(n, 3, ROUND_TO_FLOAT), random(n, 4, ROUND_TO_FLOAT)};
                double[] p = random(n, 1, ROUND_TO_FLOAT);
                Tensor param = Tensor.of(p).to(DType.FLOAT32).requiresGrad(true);
                var opt = new Adamax(List.of(param), o);
                for (double[] g : grads) {
                    param.setGrad(Tensor.of(g).to(DType.FLOAT32));
                    opt.step();
                }
                assertArrayEquals(plain(p, grads, o, ROUND_TO_FLOAT), param.toDoubleArray(), o + ", n=" + n);
            }
        }
    }

    @Test
    void float64StepsMatchThePlainLoopBitForBit() {
        int n = 1300;
        for (var o : options()) {
            double[][] grads = {random(n, 6, v -> v), random(n, 7, v -> v), random(n, 8, v -> v)};
            double[] p = random(n, 5, v -> v);
            Tensor param = Tensor.of(p.clone()).requiresGrad(true);
            var opt = new Adamax(List.of(param), o);
            for (double[] g : grads) {
                param.setGrad(Tensor.of(g));
                opt.step();
            }
            assertArrayEquals(plain(p, grads, o, v -> v), param.toDoubleArray(), o.toString());
        }
    }

    private static List<Adamax.Options> options() {
        return List.of(Adamax.Options.of(2e-3), Adamax.Options.of(0.1).withWeightDecay(0.01).withMaximize(true),
                Adamax.Options.of(0.01).withBeta1(0.5).withEps(1e-3));
    }

    /**
     * m ← β1·m + (1−β1)·d, u ← max(β2·u, |d| + eps), p ← p − lr/(1−β1^t)·m/u with d = ±g + wd·p,
     * computed in double and each stored value rounded to the element type by {@code round}.
     */
    private static double[] plain(double[] p0, double[][] grads, Adamax.Options o, DoubleUnaryOperator round) {
        double[] p = p0.clone();
        double[] m = new double[p.length];
        double[] u = new double[p.length];
        for (int t = 1; t <= STEPS; t++) {
            double[] g = grads[t - 1];
            double stepSize = o.lr() / (1 - Math.pow(o.beta1(), t));
            for (int i = 0; i < p.length; i++) {
                double d = (o.maximize() ? -1 : 1) * g[i] + o.weightDecay() * p[i];
                double mv = o.beta1() * m[i] + (1 - o.beta1()) * d;
                double uv = Math.max(o.beta2() * u[i], Math.abs(d) + o.eps());
                m[i] = round.applyAsDouble(mv);
                u[i] = round.applyAsDouble(uv);
                p[i] = round.applyAsDouble(p[i] - stepSize * mv / uv);
            }
        }
        return p;
    }

    /** {@return n uniform values in [−1, 1) from {@code seed}, each representable in the element type} */
    private static double[] random(int n, long seed, DoubleUnaryOperator round) {
        return new Random(seed).doubles(n).map(v -> round.applyAsDouble(2 * v - 1)).toArray();
    }
}
