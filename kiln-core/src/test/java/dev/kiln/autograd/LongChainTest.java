package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The engine walks the graph iteratively: a very deep chain neither overflows the stack nor depends on history. */
class LongChainTest {
    private static final int LENGTH = 100_000;

    /** y = x, then alternately y·c and y + 0.5, LENGTH ops in all; returns [y, ∂y/∂x]. */
    private static double[] runChain(double c) {
        Tensor x = Tensor.of(0.25, -1.5).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < LENGTH; i++) {
            y = i % 2 == 0 ? y.mul(c) : y.add(0.5);
        }
        y.sum().backward();
        double[] g = x.grad().toDoubleArray();
        return new double[] {y.getDouble(0), y.getDouble(1), g[0], g[1]};
    }

    @Test
    void hundredThousandOpsBackpropagateTwiceWithIdenticalResults() {
        double c = 1.00001;
        double[] first = onSmallStack(() -> runChain(c));
        double[] second = onSmallStack(() -> runChain(c));
        assertArrayEquals(first, second, 0.0, "two fresh graphs give bit-identical values and gradients");
        double expectedGrad = Math.pow(c, LENGTH / 2);
        assertEquals(expectedGrad, first[2], 1e-9 * expectedGrad);
        assertEquals(expectedGrad, first[3], 1e-9 * expectedGrad);
    }

    /** Runs {@code task} on a thread with a 256 KiB stack, so that any recursion over the chain would overflow. */
    private static double[] onSmallStack(java.util.function.Supplier<double[]> task) {
        double[][] result = new double[1][];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = task.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure[0] != null) {
            throw new AssertionError("the chain failed on a small stack: " + failure[0], failure[0]);
        }
        return result[0];
    }

    @Test
    void longChainThroughAViewAndReductionMix() {
        Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < LENGTH / 4; i++) {
            y = y.unsqueeze(0).squeeze(0).mul(1.0).add(y.mul(0.0));
        }
        y.sum().backward();
        // d/dy of (y·1 + y·0) is 1 at every step.
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray(), 0.0);
    }
}
