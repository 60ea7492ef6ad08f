package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Gradient accumulation, retained graphs, detach, no-grad scopes and the in-place/version checks. */
class BackwardSemanticsTest {
    private static Tensor x() {
        return Tensor.of(1.0, -2.0, 3.0).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = x();
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, -4, 6}, x.grad().toDoubleArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {5, -1, 9}, x.grad().toDoubleArray(), "2x + 3");
        x.setGrad(null);
        x.exp().sum().backward();
        assertArrayEquals(new double[] {Math.exp(1), Math.exp(-2), Math.exp(3)}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void float32GradientsAccumulateInPlaceWhateverTheLayoutOfTheIncomingGradient() {
        // w is used transposed: the gradient reaching its accumulator is a non-contiguous view
        Tensor w = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}).requiresGrad(true);
        Tensor x = Tensor.of(new float[][] {{1, -1}, {2, 0.5f}});
        x.matmul(w.t()).square().sum().backward();
        Tensor first = w.grad();
        assertTrue(first.isContiguous());
        float[] once = first.toFloatArray();
        // d/dw_ij of sum_b (x_b · w_i)^2 = sum_b 2 (x_b · w_i) x_bj
        float[] expected = new float[6];
        for (int i = 0; i < 3; i++) {
            for (int b = 0; b < 2; b++) {
                float dot = x.toFloatArray()[2 * b] * (2 * i + 1) + x.toFloatArray()[2 * b + 1] * (2 * i + 2);
                for (int j = 0; j < 2; j++) {
                    expected[2 * i + j] += 2 * dot * x.toFloatArray()[2 * b + j];
                }
            }
        }
        assertArrayEquals(expected, once, 1e-5f);
        x.matmul(w.t()).square().sum().backward();
        x.matmul(w.t()).sum().backward();
        assertSame(first, w.grad(), "accumulated into the same tensor, as PyTorch's AccumulateGrad does with grad mode off");
        float[] thrice = w.grad().toFloatArray();
        for (int k = 0; k < 6; k++) {
            float plain = k % 2 == 0 ? 3f : -0.5f; // d/dw_ij of sum(x wᵀ) = sum_b x_bj
            assertEquals(2 * expected[k] + plain, thrice[k], 1e-4f, "element " + k);
        }
        // a gradient the user set with a transposed layout takes the general add_
        Tensor v = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}).requiresGrad(true);
        v.setGrad(Tensor.zeros(2, 3).t());
        x.matmul(v.t()).sum().backward();
        assertArrayEquals(new float[] {3, -0.5f, 3, -0.5f, 3, -0.5f}, v.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void retainedGraphCanBeBackpropagatedAgainAndGradientsAddUp() {
        Tensor x = x();
        Tensor s = x.exp().sum();
        s.backward(null, true);
        s.backward(null, true);
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(-2), 2 * Math.exp(3)}, x.grad().toDoubleArray(), 1e-14);
    }

    @Test
    void secondBackwardWithoutRetainGraphFailsClearly() {
        Tensor x = x();
        Tensor s = x.exp().mul(x).sum();
        s.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::backward);
        assertTrue(e.getMessage().contains("backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retain"), e.getMessage());
    }

    @Test
    void detachStopsTheGradientAndSharesStorage() {
        Tensor x = x();
        Tensor y = x.mul(2);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertTrue(y.sharesStorage(d));
        y.mul(d).sum().backward();
        // d(y·d)/dx = d·dy/dx = 2·(2x)
        assertArrayEquals(new double[] {4, -8, 12}, x.grad().toDoubleArray());
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheMode() {
        Tensor x = x();
        try (var _ = GradMode.disabled()) {
            assertFalse(GradMode.isEnabled());
            Tensor y = x.mul(2).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var _ = GradMode.enabled()) {
                assertNotNull(x.mul(2).gradFn(), "enabled() inside disabled() records again");
            }
            assertFalse(GradMode.isEnabled(), "the inner scope restores the outer one");
        }
        assertTrue(GradMode.isEnabled());
        assertNotNull(x.mul(2).gradFn(), "recording resumes after the scope");
    }

    @Test
    void modifyingASavedTensorInPlaceFailsNamingTheOp() {
        Tensor x = x();
        Tensor w = Tensor.of(1.0, 2.0, 3.0);
        Tensor y = x.mul(w);
        w.add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("MulBackward: one of the tensors needed for gradient computation has been modified by an in-place operation"),
                e.getMessage());
        assertTrue(e.getMessage().contains("version 1; expected version 0"), e.getMessage());
    }

    @Test
    void modifyingASavedOutputInPlaceFailsNamingTheOp() {
        Tensor x = x();
        Tensor e = x.exp();
        e.mul_(2);
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.sum().backward());
        assertTrue(ex.getMessage().startsWith("expBackward: one of the tensors needed for gradient computation"), ex.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFails() {
        Tensor x = x();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1));
        assertTrue(e.getMessage().startsWith("add_: a leaf tensor that requires grad is used in an in-place operation"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mul_(2));
        assertThrows(IllegalStateException.class, x::zero_);
        assertArrayEquals(new double[] {1, -2, 3}, x.toDoubleArray(), "a refused in-place op leaves the values alone");
        try (var _ = GradMode.disabled()) {
            x.add_(1); // an optimiser step: allowed without recording
        }
        assertArrayEquals(new double[] {2, -1, 4}, x.toDoubleArray());
        assertTrue(x.isLeaf());
    }

    @Test
    void inPlaceOnAnIntermediateIsRecorded() {
        Tensor x = x();
        Tensor y = x.mul(2);
        y.mul_(3);
        y.sum().backward();
        assertArrayEquals(new double[] {6, 6, 6}, x.grad().toDoubleArray());
    }

    @Test
    void unusedLeafGetsNoGradientAndFanOutSums() {
        Tensor x = x();
        Tensor u = Tensor.of(5.0).requiresGrad(true);
        Tensor a = x.mul(x);
        a.add(a.mul(x)).sum().backward();
        // d/dx (x² + x³) = 2x + 3x²
        assertArrayEquals(new double[] {5, 8, 33}, x.grad().toDoubleArray());
        assertNull(u.grad());
    }

    @Test
    void nonScalarBackwardWithGradient() {
        Tensor x = Tensor.of(new double[][] {{0.5, -1}, {2, 0}}).requiresGrad(true);
        Tensor y = x.tanh();
        Tensor g = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        y.backward(g);
        double[] xv = x.toDoubleArray();
        double[] gv = g.toDoubleArray();
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            double t = Math.tanh(xv[i]);
            expected[i] = gv[i] * (1 - t * t);
        }
        assertArrayEquals(expected, x.grad().toDoubleArray(), 1e-15);
        assertEquals(DType.FLOAT64, x.grad().dtype());
    }
}
