package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Entropy, cross-entropy, KL divergence and binary entropy; expected values from SciPy / torch.distributions. */
class EntropyTest {
    private static final Tensor P = Tensor.of(new double[][] {{0.5, 0.25, 0.25}, {0.7, 0.3, 0.0}});
    private static final Tensor Q = Tensor.of(new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.6, 0.3}});
    private static final Tensor A = Tensor.of(new double[][] {{1.0, -2.0, 0.5}, {3.0, Double.NEGATIVE_INFINITY, 0.0}});
    private static final Tensor B = Tensor.of(new double[][] {{0.0, 1.0, 2.0}, {-1.0, 0.5, 2.0}});

    @Test
    void probabilitiesMatchScipy() {
        // scipy.stats.entropy(p), scipy.stats.entropy(p, q)
        assertArrayEquals(new double[] {1.0397207708399179, 0.6108643020548935}, Entropy.entropy(P, -1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1.2789989524385206, 1.765057252225629}, Entropy.crossEntropy(P, Q, -1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.23927818159860256, 1.1541929501707355}, Entropy.klDivergence(P, Q, 1).toDoubleArray(), 1e-12);
    }

    @Test
    void logitsMatchTorchDistributions() {
        // Categorical(logits=a).entropy(), kl_divergence(Categorical(a), Categorical(b))
        assertArrayEquals(new double[] {0.7778696731919055, 0.19086497110644243}, Entropy.entropyOfLogits(A, -1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.8672929711193007, 2.9081687060180146}, Entropy.klDivergenceOfLogits(A, B, -1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1.6451626443112062, 3.0990336771244573}, Entropy.crossEntropyOfLogits(A, B, -1).toDoubleArray(), 1e-12);
    }

    @Test
    void crossEntropyIsKlDivergencePlusEntropy() {
        Generator g = new Generator(7);
        Tensor a = Tensor.randn(g, 5, 8).to(DType.FLOAT64).mul(3);
        Tensor b = Tensor.randn(g, 5, 8).to(DType.FLOAT64).mul(3);
        Tensor p = Softmax.softmax(a, 1);
        Tensor q = Softmax.softmax(b, 1);
        Tensor identity = Entropy.klDivergence(p, q, 1).add(Entropy.entropy(p, 1));
        assertArrayEquals(Entropy.crossEntropy(p, q, 1).toDoubleArray(), identity.toDoubleArray(), 1e-12);
        Tensor identityOfLogits = Entropy.klDivergenceOfLogits(a, b, 1).add(Entropy.entropyOfLogits(a, 1));
        assertArrayEquals(Entropy.crossEntropyOfLogits(a, b, 1).toDoubleArray(), identityOfLogits.toDoubleArray(), 1e-12);
        // the two forms agree, and D_KL(P‖P) = 0 ≤ D_KL(P‖Q)
        assertArrayEquals(Entropy.crossEntropy(p, q, 1).toDoubleArray(), Entropy.crossEntropyOfLogits(a, b, 1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[5], Entropy.klDivergence(p, p, 1).toDoubleArray(), 1e-15);
        for (double d : Entropy.klDivergence(p, q, 1).toDoubleArray()) {
            assertTrue(d > 0);
        }
    }

    @Test
    void binaryEntropyMatchesBernoulli() {
        Tensor p = Tensor.of(0.0, 0.1, 0.5, 0.9, 1.0);
        assertArrayEquals(new double[] {0, 0.3250829733914482, Math.log(2), 0.3250829733914482, 0},
                Entropy.binaryEntropy(p).toDoubleArray(), 1e-15);
        Tensor z = Tensor.of(-30.0, -2.0, 0.0, 1.5, 40.0);
        // exact values (mpmath, 40 digits), to a relative 1e-12: far in the tails too
        double[] exact = {2.9008631203401870539e-12, 0.36533385508720760832, Math.log(2), 0.47505156369228692009, 1.7418252446695514808e-16};
        double[] got = Entropy.binaryEntropyOfLogits(z).toDoubleArray();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], got[i], 1e-12 * exact[i], "H_b(sigmoid(" + z.getDouble(i) + "))");
        }
        // the binary entropy is the entropy of the two-outcome distribution (p, 1 − p)
        Tensor two = Tensor.stack(1, p, p.rsub(1));
        assertArrayEquals(Entropy.entropy(two, 1).toDoubleArray(), Entropy.binaryEntropy(p).toDoubleArray(), 1e-15);
    }

    @Test
    void saturatedLogitsStayFinite() {
        Tensor z = Tensor.of(-1e30f, -100f, 100f, 1e30f).requiresGrad(true);
        Tensor h = Entropy.binaryEntropyOfLogits(z);
        h.sum().backward();
        for (double v : h.toDoubleArray()) {
            assertEquals(0, v, 1e-30);
        }
        for (double v : z.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(v), "gradient " + v);
        }
    }

    @Test
    void zeroProbabilitiesGiveFiniteGradients() {
        Tensor p = Tensor.of(new double[][] {{0.7, 0.3, 0.0}}).requiresGrad(true);
        Tensor q = Tensor.of(new double[][] {{0.5, 0.5, 0.0}}).requiresGrad(true);
        Entropy.klDivergence(p, q, 1).sum().backward();
        // ∂D/∂q = −p/q where p > 0, 0 where p = 0
        assertArrayEquals(new double[] {-1.4, -0.6, 0}, q.grad().toDoubleArray(), 1e-12);
        for (double v : p.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(v));
        }
        Tensor a = A.clone().requiresGrad(true);
        Entropy.entropyOfLogits(a, 1).sum().backward();
        for (double v : a.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(v), "gradient " + v);
        }
        assertEquals(0, a.grad().getDouble(1, 1));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator g = new Generator(3);
        Tensor a = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> Entropy.entropyOfLogits(in[0], 1), a);
        GradCheck.check(in -> Entropy.crossEntropyOfLogits(in[0], in[1], 1), a, b);
        GradCheck.check(in -> Entropy.klDivergenceOfLogits(in[0], in[1], 1), a, b);
        GradCheck.check(in -> Entropy.binaryEntropyOfLogits(in[0]), a);
        // interior probabilities (not normalised: the formulas do not need it for their derivatives)
        Tensor p = Tensor.rand(g, 3, 4).to(DType.FLOAT64).mul(0.8).add(0.1).requiresGrad(true);
        Tensor q = Tensor.rand(g, 3, 4).to(DType.FLOAT64).mul(0.8).add(0.1).requiresGrad(true);
        GradCheck.check(in -> Entropy.entropy(in[0], 1), p);
        GradCheck.check(in -> Entropy.crossEntropy(in[0], in[1], 1), p, q);
        GradCheck.check(in -> Entropy.klDivergence(in[0], in[1], 0), p, q);
        GradCheck.check(in -> Entropy.binaryEntropy(in[0]), p);
    }
}
