package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNorm#callThenRelu}: the same outputs, gradients and running statistics as the layer
 * followed by a ReLU, in training and in evaluation, and forward hooks still see the layer's own output.
 */
class BatchNormReluTest {
    private final Generator gen = new Generator(3);

    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " element " + i);
        }
    }

    @Test
    void fusedLayerEqualsTheLayerThenRelu() {
        BatchNorm2d fused = new BatchNorm2d(4);
        BatchNorm2d plain = new BatchNorm2d(4);
        Tensor w = Tensor.randn(gen, 4);
        for (BatchNorm2d bn : List.of(fused, plain)) {
            bn.weight().detach().copy_(w);
        }
        Tensor x = Tensor.randn(gen, 3, 4, 6, 5).add(0.5);
        Tensor xa = x.detach().requiresGrad(true);
        Tensor xb = x.detach().requiresGrad(true);
        Tensor ya = fused.callThenRelu(xa);
        Tensor yb = Activations.relu(plain.call(xb));
        assertClose(yb, ya, 1e-6, "training output");
        Tensor up = Tensor.randn(gen, 3, 4, 6, 5);
        ya.mul(up).sum().backward();
        yb.mul(up).sum().backward();
        assertClose(xb.grad(), xa.grad(), 1e-5, "input gradient");
        assertClose(plain.weight().grad(), fused.weight().grad(), 1e-5, "weight gradient");
        assertClose(plain.bias().grad(), fused.bias().grad(), 1e-5, "bias gradient");
        assertClose(plain.runningMean(), fused.runningMean(), 1e-7, "running mean");
        assertClose(plain.runningVar(), fused.runningVar(), 1e-7, "running variance");
        assertEquals(plain.numBatchesTracked().item(), fused.numBatchesTracked().item());
        fused.eval();
        plain.eval();
        assertClose(Activations.relu(plain.call(x)), fused.callThenRelu(x), 1e-6, "evaluation output");
    }

    @Test
    void forwardHooksSeeTheOutputBeforeTheRelu() {
        BatchNorm2d bn = new BatchNorm2d(2);
        List<Tensor> seen = new ArrayList<>();
        bn.registerForwardHook((module, input, output) -> seen.add(output.detach().clone()));
        Tensor x = Tensor.randn(gen, 4, 2, 3, 3);
        Tensor y = bn.callThenRelu(x);
        assertEquals(1, seen.size());
        boolean negative = false;
        for (double v : seen.get(0).toDoubleArray()) {
            negative |= v < 0;
        }
        assertTrue(negative, "the hook saw the normalised values, negatives included");
        assertArrayEquals(Activations.relu(seen.get(0)).toFloatArray(), y.toFloatArray());
    }
}
