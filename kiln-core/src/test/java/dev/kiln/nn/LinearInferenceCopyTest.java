package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Layers;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Linear's inference copy of Wᵀ (kept between calls that record no graph) never goes stale: after every kind
 * of change to the weight (an optimizer step, {@code copy_}, an in-place op through a view, a reset, a loaded
 * state dict, a replaced weight tensor) the next no-grad forward equals y = x·Wᵀ + b of the current weight,
 * computed in float64 from scratch.
 */
class LinearInferenceCopyTest {
    private static final Generator G = new Generator(41);

    /** y = x·Wᵀ + b of the layer's current parameters in float64, without the layer. */
    private static Tensor expected(Linear fc, Tensor x) {
        Tensor b = fc.bias() == null ? null : fc.bias().detach().to(DType.FLOAT64);
        return Layers.linear(x.to(DType.FLOAT64), fc.weight().detach().to(DType.FLOAT64), b);
    }

    private static Tensor inference(Linear fc, Tensor x) {
        try (var off = GradMode.disabled()) {
            return fc.forward(x);
        }
    }

    private static void assertMatches(Linear fc, Tensor x, String after) {
        Tensor y = inference(fc, x);
        double[] e = expected(fc, x).toDoubleArray();
        double[] a = y.to(DType.FLOAT64).toDoubleArray();
        assertArrayEquals(new int[] {x.size(0), fc.outFeatures()}, y.shape(), after + ": shape");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * (1 + Math.abs(e[i])), after + ": element " + i);
        }
    }

    /** Sizes that take the matrix–vector path, the unpacked and the blocked SGEMM, with and without bias, n below and above a vector. */
    @Test
    void matchesFloat64ProductForSeveralShapes() {
        int[][] cases = {{1, 300, 70}, {2, 37, 19}, {3, 5, 7}, {8, 37, 19}, {45, 70, 21}, {128, 300, 10}, {130, 520, 200}};
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {true, false}) {
                Linear fc = new Linear(c[1], c[2], Linear.Options.defaults().withBias(bias), G);
                Tensor x = Tensor.randn(G, c[0], c[1]);
                assertMatches(fc, x, "first call " + c[0] + "x" + c[1] + "->" + c[2] + (bias ? " with bias" : ""));
                assertMatches(fc, x, "second call " + c[0] + "x" + c[1] + "->" + c[2]);
            }
        }
    }

    @Test
    void optimizerStepIsSeen() {
        Linear fc = new Linear(37, 19, G);
        Tensor x = Tensor.randn(G, 8, 37);
        assertMatches(fc, x, "before the step");
        // the gradient through the functional form, so that the layer itself never runs with grad on
        Layers.linear(x, fc.weight(), fc.bias()).pow(2).sum().backward();
        new SGD(fc.parameters(), SGD.Options.of(0.5)).step();
        assertMatches(fc, x, "after an SGD step");
    }

    @Test
    void inPlaceWritesAreSeen() {
        Linear fc = new Linear(37, 19, G);
        Tensor x = Tensor.randn(G, 8, 37);
        assertMatches(fc, x, "before");
        try (var off = GradMode.disabled()) {
            fc.weight().copy_(Tensor.randn(G, 19, 37));
        }
        assertMatches(fc, x, "after copy_");
        fc.weight().detach().t().narrow(0, 3, 5).mul_(-2.5);
        assertMatches(fc, x, "after mul_ through a transposed view");
        fc.weight().detach().select(0, 7).fill_(0.75);
        assertMatches(fc, x, "after fill_ of one row");
        fc.bias().detach().add_(1.0);
        assertMatches(fc, x, "after a bias change");
        fc.resetParameters(new Generator(5));
        assertMatches(fc, x, "after resetParameters");
        Map<String, Tensor> state = new LinkedHashMap<>(new Linear(37, 19, new Generator(6)).stateDict());
        fc.loadStateDict(state);
        assertMatches(fc, x, "after loadStateDict");
    }

    /** A Linear whose weight tensor can be replaced by another one (as a weight-loading wrapper would). */
    private static final class SwappableLinear extends Linear {
        SwappableLinear(int in, int out) {
            super(in, out, G);
        }

        void replaceWeight(Tensor w) {
            setParameter("weight", w);
        }
    }

    /** A new weight tensor, even one that shares the old one's storage and version, gets its own copy. */
    @Test
    void replacedWeightIsSeen() {
        SwappableLinear fc = new SwappableLinear(37, 19);
        Tensor x = Tensor.randn(G, 8, 37);
        assertMatches(fc, x, "before");
        fc.replaceWeight(Tensor.randn(G, 19, 37).requiresGrad(true));
        assertMatches(fc, x, "after a new weight tensor");
        Tensor wide = Tensor.randn(G, 19, 74);
        fc.replaceWeight(wide.narrow(1, 0, 37));
        assertMatches(fc, x, "after a view of a wider tensor");
        fc.replaceWeight(wide.narrow(1, 37, 37));
        assertMatches(fc, x, "after another view of the same storage, same version");
    }

    /** One layer's copy is its own: two layers called alternately each see their own weight. */
    @Test
    void layersDoNotShareCopies() {
        Linear a = new Linear(20, 30, G);
        Linear b = new Linear(20, 30, G);
        Tensor x = Tensor.randn(G, 6, 20);
        for (int round = 0; round < 2; round++) {
            assertMatches(a, x, "layer a");
            assertMatches(b, x, "layer b");
        }
    }

    /** After inference calls, a call with grad on records the graph, and its gradients are those of the current weight. */
    @Test
    void gradientsAfterInference() {
        Linear fc = new Linear(6, 4, G);
        Tensor x = Tensor.randn(G, 5, 6).requiresGrad(true);
        assertMatches(fc, x.detach(), "inference");
        fc.forward(x).sum().backward();
        // d(sum y)/dW[j, p] = Σ_i x[i, p] and d(sum y)/dx[i, p] = Σ_j W[j, p]
        double[] xColumns = x.detach().sum(0, false).toDoubleArray();
        double[] wColumns = fc.weight().detach().sum(0, false).toDoubleArray();
        double[] gw = fc.weight().grad().toDoubleArray();
        double[] gx = x.grad().toDoubleArray();
        for (int p = 0; p < 6; p++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(xColumns[p], gw[j * 6 + p], 1e-5, "dW[" + j + ", " + p + "]");
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(wColumns[p], gx[i * 6 + p], 1e-5, "dx[" + i + ", " + p + "]");
            }
        }
    }
}
