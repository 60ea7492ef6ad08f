package dev.kiln.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The activation modules call their functional forms and hold the right parameters. */
class ActivationModulesTest {
    private final Tensor x = Tensor.randn(new Generator(4), 2, 4, 3).mul(3);

    @Test
    void modulesAgreeWithFunctions() {
        Map<Module, Tensor> cases = Map.ofEntries(
                Map.entry(new ReLU(), Activations.relu(x)),
                Map.entry(new ReLU6(), Activations.relu6(x)),
                Map.entry(new Sigmoid(), Activations.sigmoid(x)),
                Map.entry(new Tanh(), Activations.tanh(x)),
                Map.entry(new Hardtanh(-2, 1), Activations.hardtanh(x, -2, 1)),
                Map.entry(new LeakyReLU(0.2), Activations.leakyRelu(x, 0.2)),
                Map.entry(new ELU(), Activations.elu(x, 1)),
                Map.entry(new SELU(), Activations.selu(x)),
                Map.entry(new CELU(0.5), Activations.celu(x, 0.5)),
                Map.entry(new GELU(GELU.Approximation.TANH), Activations.gelu(x, GELU.Approximation.TANH)),
                Map.entry(new SiLU(), Activations.silu(x)),
                Map.entry(new Mish(), Activations.mish(x)),
                Map.entry(new Softplus(2, 5), Activations.softplus(x, 2, 5)),
                Map.entry(new Softsign(), Activations.softsign(x)),
                Map.entry(new Hardsigmoid(), Activations.hardsigmoid(x)),
                Map.entry(new Hardswish(), Activations.hardswish(x)),
                Map.entry(new LogSigmoid(), Activations.logsigmoid(x)),
                Map.entry(new Tanhshrink(), Activations.tanhshrink(x)),
                Map.entry(new Hardshrink(), Activations.hardshrink(x, 0.5)),
                Map.entry(new Softshrink(1), Activations.softshrink(x, 1)),
                Map.entry(new Threshold(0.1, 20), Activations.threshold(x, 0.1, 20)),
                Map.entry(new Softmax(1), dev.kiln.nn.functional.Softmax.softmax(x, 1)),
                Map.entry(new LogSoftmax(-1), dev.kiln.nn.functional.Softmax.logSoftmax(x, -1)),
                Map.entry(new Softmin(0), dev.kiln.nn.functional.Softmax.softmin(x, 0)),
                Map.entry(new GLU(1), GatedActivations.glu(x, 1)),
                Map.entry(new CReLU(), GatedActivations.crelu(x)),
                Map.entry(new Maxout(2), GatedActivations.maxout(x, 2)));
        for (Map.Entry<Module, Tensor> e : cases.entrySet()) {
            Tensor y = e.getKey().forward(x);
            assertArrayEquals(e.getValue().shape(), y.shape(), e.getKey().toString());
            assertArrayEquals(e.getValue().toFloatArray(), y.toFloatArray(), 0f, e.getKey().toString());
            assertEquals(List.of(), e.getKey().parameters());
        }
    }

    @Test
    void preluHasOneLearnableSlopePerChannel() {
        PReLU m = new PReLU(4, 0.25);
        assertEquals(List.of("weight"), List.copyOf(m.namedParameters().keySet()));
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, m.weight().toFloatArray());
        Tensor in = Tensor.of(new float[][] {{-4, 2, -1, 0}, {1, -2, 3, -8}});
        Tensor y = m.forward(in);
        assertArrayEquals(new float[] {-1, 2, -0.25f, 0, 1, -0.5f, 3, -2}, y.toFloatArray());
        y.sum().backward();
        // dL/da_c = Σ over the channel of min(x, 0)
        assertArrayEquals(new float[] {-4, -2, -1, -8}, m.weight().grad().toFloatArray());
        assertEquals("PReLU(num_parameters=4)", m.toString());
        assertEquals(1, new PReLU().weight().numel());
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 3)));
    }

    @Test
    void rreluIsRandomInTrainingAndLeakyInEval() {
        RReLU m = new RReLU(0.1, 0.3, new Generator(1));
        Tensor neg = Tensor.full(-1, 64);
        Tensor a = m.forward(neg);
        Tensor b = m.forward(neg);
        assertNotEquals(a.toFloatArray()[0], b.toFloatArray()[0]);
        m.eval();
        assertArrayEquals(Activations.leakyRelu(neg, 0.2).toFloatArray(), m.forward(neg).toFloatArray(), 1e-7f);
    }

    @Test
    void reprsNameTheirSettings() {
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("GELU(approximate='tanh')", new GELU(GELU.Approximation.TANH).toString());
        assertEquals("Maxout(pool_size=3, dim=1)", new Maxout(3).toString());
    }
}
