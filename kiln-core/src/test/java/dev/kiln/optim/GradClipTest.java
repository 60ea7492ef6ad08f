package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
    private static List<Tensor> params(double[]... grads) {
        return java.util.Arrays.stream(grads).map(g -> {
            Tensor p = Tensor.zeros(dev.kiln.tensor.DType.FLOAT64, g.length).requiresGrad(true);
            p.setGrad(Tensor.of(g.clone()));
            return p;
        }).toList();
    }

    @Test
    void twoNormOverAllGradientsAndScaling() {
        List<Tensor> ps = params(new double[] {3, 0}, new double[] {0, 4});
        double total = GradClip.clipGradNorm(ps, 1.0, 2);
        assertEquals(5.0, total, 1e-12);
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 0}, ps.get(0).grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 4 * coef}, ps.get(1).grad().toDoubleArray(), 1e-12);
    }

    @Test
    void otherNormsAndNoClippingBelowTheLimit() {
        assertEquals(7.0, GradClip.clipGradNorm(params(new double[] {3, -4}), 100, 1), 1e-12);
        assertEquals(4.0, GradClip.clipGradNorm(params(new double[] {3, -4}), 100, Double.POSITIVE_INFINITY), 1e-12);
        assertEquals(Math.cbrt(27 + 64), GradClip.clipGradNorm(params(new double[] {3, -4}), 100, 3), 1e-12);
        List<Tensor> ps = params(new double[] {3, -4});
        GradClip.clipGradNorm(ps, 100, 2);
        assertArrayEquals(new double[] {3, -4}, ps.get(0).grad().toDoubleArray());
        List<Tensor> inf = params(new double[] {3, -4});
        GradClip.clipGradNorm(inf, 2, Double.POSITIVE_INFINITY);
        assertArrayEquals(new double[] {3 * 2 / (4 + 1e-6), -4 * 2 / (4 + 1e-6)}, inf.get(0).grad().toDoubleArray(), 1e-12);
    }

    @Test
    void nonFiniteNormIsRefusedOnRequest() {
        List<Tensor> ps = params(new double[] {Double.NaN, 1});
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(ps, 1, 2, GradClip.NonfiniteNorm.THROW));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(1.0, ps.get(0).grad().toDoubleArray()[1], 0);
    }

    @Test
    void clipByValueAndSkipMissingGradients() {
        Tensor noGrad = Tensor.zeros(2).requiresGrad(true);
        List<Tensor> ps = new java.util.ArrayList<>(params(new double[] {-2, 0.5, 3}));
        ps.add(noGrad);
        GradClip.clipGradValue(ps, 1);
        assertArrayEquals(new double[] {-1, 0.5, 1}, ps.get(0).grad().toDoubleArray());
        assertNull(noGrad.grad());
        assertEquals(0.0, GradClip.clipGradNorm(List.of(noGrad), 1), 0);
    }
}
