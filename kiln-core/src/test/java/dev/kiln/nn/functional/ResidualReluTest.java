package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import org.junit.jupiter.api.Test;

/**
 * {@link ResidualRelu#addRelu} gives the values and gradients of {@code relu(x + shortcut)} composed of
 * two ops, bit for bit, whether it writes into a fresh batch-norm output or a new array, and matches a
 * float64 evaluation.
 */
class ResidualReluTest {
    private static final int[] SHAPE = {4, 8, 16, 16};

    /** x (through a training-mode batch norm, whose output is fresh) and the shortcut, as leaves. */
    private record Inputs(Tensor x, Tensor shortcut, Tensor gamma, Tensor beta, Tensor weights) {
        static Inputs of(long seed, DType type) {
            Generator g = new Generator(seed);
            return new Inputs(Tensor.randn(g, SHAPE).to(type).requiresGrad(true), Tensor.randn(g, SHAPE).to(type).requiresGrad(true),
                    Tensor.randn(g, SHAPE[1]).to(type).requiresGrad(true), Tensor.randn(g, SHAPE[1]).to(type).requiresGrad(true),
                    Tensor.randn(g, SHAPE).to(type));
        }

        Tensor normalised() {
            return Normalization.batchNorm(x, null, null, gamma, beta, true, 0.1, 1e-5);
        }
    }

    private static float[][] run(Inputs in, boolean fused) {
        Tensor main = in.normalised();
        Tensor y = fused ? ResidualRelu.addRelu(main, in.shortcut()) : Activations.relu(main.add(in.shortcut()));
        float[] values = y.toFloatArray();
        y.mul(in.weights()).sum().backward();
        return new float[][] {values, in.x().grad().toFloatArray(), in.shortcut().grad().toFloatArray(), in.gamma().grad().toFloatArray(),
                in.beta().grad().toFloatArray()};
    }

    @Test
    void matchesTheComposedAddAndReluBitForBit() {
        float[][] fused = run(Inputs.of(1, DType.FLOAT32), true);
        float[][] composed = run(Inputs.of(1, DType.FLOAT32), false);
        String[] names = {"output", "dx", "dshortcut", "dgamma", "dbeta"};
        for (int i = 0; i < fused.length; i++) {
            assertArrayEquals(composed[i], fused[i], names[i]);
        }
        Inputs wide = Inputs.of(1, DType.FLOAT64);
        Tensor y = ResidualRelu.addRelu(wide.normalised(), wide.shortcut());
        y.mul(wide.weights()).sum().backward();
        double[] ref = wide.x().grad().toDoubleArray();
        for (int j = 0; j < ref.length; j++) {
            assertEquals(ref[j], fused[1][j], 1e-4 * (1 + Math.abs(ref[j])), "dx element " + j + " vs float64");
        }
    }

    @Test
    void writesIntoAFreshLayerOutputAndIntoANewArrayOtherwise() {
        Inputs in = Inputs.of(2, DType.FLOAT32);
        Tensor fresh = in.normalised();
        Tensor y = ResidualRelu.addRelu(fresh, in.shortcut());
        assertSame(TensorInternals.storage(fresh), TensorInternals.storage(y), "the batch norm's output is reused");
        Tensor kept = in.x().mul(2);
        float[] before = kept.toFloatArray();
        Tensor z = ResidualRelu.addRelu(kept, in.shortcut());
        assertNotSame(TensorInternals.storage(kept), TensorInternals.storage(z));
        assertArrayEquals(before, kept.toFloatArray(), "an ordinary tensor is not overwritten");
        float[] s = in.shortcut().toFloatArray();
        float[] zs = z.toFloatArray();
        for (int i = 0; i < zs.length; i++) {
            assertEquals(Math.max(before[i] + s[i], 0f), zs[i], "element " + i);
        }
    }

    @Test
    void broadcastingFallsBackToTheComposedOps() {
        Tensor x = Tensor.randn(new Generator(3), 2, 3, 4).requiresGrad(true);
        Tensor b = Tensor.randn(new Generator(4), 3, 4).requiresGrad(true);
        Tensor y = ResidualRelu.addRelu(x, b);
        assertArrayEquals(Activations.relu(x.add(b)).toFloatArray(), y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new int[] {3, 4}, b.grad().shape());
    }
}
