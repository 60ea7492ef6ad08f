package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values, stability and path agreement of the fused softmax kernels. */
class SoftmaxTest {
    @Test
    void extremeLogitsStayFinite() {
        Tensor x = Tensor.of(new float[][] {{-100, 0, 100, 50}, {100, 100, -100, -100}});
        float[] p = Softmax.softmax(x, 1).toFloatArray();
        float[] lp = Softmax.logSoftmax(x, 1).toFloatArray();
        for (float v : lp) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(1f, p[2], 1e-6f);
        assertEquals(-50f, lp[3], 1e-4f);
        assertEquals(-200f, lp[0], 1e-4f);
        assertEquals((float) -Math.log(2), lp[4], 1e-6f);
        assertEquals(0.5f, p[5], 1e-6f);
        assertEquals(-200f - (float) Math.log(2), lp[6], 1e-4f);
    }

    @Test
    void float32LastDimPathAgreesWithStridedPathAndFloat64() {
        Tensor x = Tensor.randn(new Generator(1), 37, 53).mul(4);
        Tensor viaLast = Softmax.softmax(x, 1);
        Tensor viaFirst = Softmax.softmax(x.t().contiguous(), 0).t();
        Tensor exact = Softmax.softmax(x.to(DType.FLOAT64), 1);
        assertTrue(viaLast.allclose(viaFirst, 1e-5, 1e-7));
        assertTrue(viaLast.to(DType.FLOAT64).allclose(exact, 1e-5, 1e-7));
        Tensor lpLast = Softmax.logSoftmax(x, -1);
        assertTrue(lpLast.to(DType.FLOAT64).allclose(Softmax.logSoftmax(x.to(DType.FLOAT64), -1), 1e-5, 1e-5));
    }

    @Test
    void rowsSumToOneAndSoftminIsSoftmaxOfNegation() {
        Tensor x = Tensor.randn(new Generator(2), 4, 6).to(DType.FLOAT64);
        double[] s = Softmax.softmax(x, 1).sum(1, false).toDoubleArray();
        assertArrayEquals(new double[] {1, 1, 1, 1}, s, 1e-14);
        assertArrayEquals(Softmax.softmax(x.neg(), 0).toDoubleArray(), Softmax.softmin(x, 0).toDoubleArray(), 1e-15);
    }

    @Test
    void blockedStridedPathMatchesLastDimPathWithGradients() {
        Tensor base = Tensor.randn(new Generator(5), 3, 7, 300).mul(3);
        Tensor up = Tensor.randn(new Generator(6), 3, 7, 300);
        for (boolean log : new boolean[] {false, true}) {
            Tensor a = base.clone().requiresGrad(true);
            Tensor b = base.clone().requiresGrad(true);
            Tensor ya = log ? Softmax.logSoftmax(a, 1) : Softmax.softmax(a, 1);
            Tensor bt = b.permute(0, 2, 1).contiguous();
            Tensor yb = (log ? Softmax.logSoftmax(bt, -1) : Softmax.softmax(bt, -1)).permute(0, 2, 1);
            assertTrue(ya.allclose(yb, 1e-5, 1e-6));
            ya.mul(up).sum().backward();
            yb.mul(up).sum().backward();
            assertTrue(a.grad().allclose(b.grad(), 1e-5, 1e-6));
        }
    }
}
