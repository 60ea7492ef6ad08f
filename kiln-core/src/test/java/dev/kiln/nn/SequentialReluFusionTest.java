package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.zoo.Models;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An in-place ReLU ({@code ReLU.inPlace()}) after a Linear or Conv2d writes into that layer's own output storage: same numbers. */
class SequentialReluFusionTest {
    /** The same model run one child at a time, each ReLU out of place. */
    private static Tensor unfused(Sequential model, Tensor x) {
        Tensor h = x;
        for (Module m : model.children()) {
            h = m instanceof ReLU ? Activations.relu(h) : m.forward(h);
        }
        return h;
    }

    private static List<float[]> grads(Module model) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            out.add(p.grad().toFloatArray());
        }
        return out;
    }

    private static void assertSameRun(Sequential model, Tensor x, Tensor y) {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor xa = x.detach().requiresGrad(true);
        model.zeroGrad();
        Tensor la = loss.forward(model.forward(xa), y);
        la.backward();
        List<float[]> ga = grads(model);
        float[] gxa = xa.grad().toFloatArray();

        Tensor xb = x.detach().requiresGrad(true);
        model.zeroGrad();
        Tensor lb = loss.forward(unfused(model, xb), y);
        lb.backward();
        List<float[]> gb = grads(model);

        assertEquals(lb.item(), la.item(), 0.0, "loss");
        for (int i = 0; i < ga.size(); i++) {
            assertArrayEquals(gb.get(i), ga.get(i), 0f, "parameter gradient " + i);
        }
        assertArrayEquals(xb.grad().toFloatArray(), gxa, 0f, "input gradient");
    }

    @Test
    void mlpMatchesTheUnfusedRun() {
        Generator g = new Generator(3);
        Sequential mlp = new Sequential(new Linear(20, 16, g), ReLU.inPlace(), new Linear(16, 12, g), ReLU.inPlace(),
                new Linear(12, 5, g));
        assertSameRun(mlp, Tensor.randn(g, 9, 20), Tensor.randint(g, 0, 5, 9));
    }

    @Test
    void lenetMatchesTheUnfusedRun() {
        Kiln.manualSeed(4);
        Generator g = new Generator(4);
        assertSameRun(Models.lenet5(10), Tensor.randn(g, 3, 1, 28, 28), Tensor.randint(g, 0, 10, 3));
    }

    @Test
    void withoutGradTheOutputsAgree() {
        Generator g = new Generator(5);
        Sequential mlp = new Sequential(new Linear(6, 4, g), ReLU.inPlace(), new Linear(4, 3, g));
        Tensor x = Tensor.randn(g, 5, 6);
        try (var off = GradMode.disabled()) {
            assertArrayEquals(unfused(mlp, x).toFloatArray(), mlp.forward(x).toFloatArray(), 0f);
        }
    }

    @Test
    void aFreshLayerOutputIsOverwrittenInPlace() {
        Generator g = new Generator(6);
        Tensor x = Tensor.randn(g, 4, 8);
        Tensor w = Tensor.randn(g, 5, 8);
        Tensor h = Layers.linear(x, w, null);
        float[] expected = Activations.relu(h.detach()).toFloatArray();
        Tensor y = Activations.reluConsuming(h);
        assertTrue(h.sharesStorage(y));
        assertArrayEquals(expected, y.toFloatArray(), 0f);
    }

    @Test
    void onlyTheInPlaceModuleOverwritesAFreshOutput() {
        Generator g = new Generator(8);
        Tensor x = Tensor.randn(g, 4, 8);
        Tensor w = Tensor.randn(g, 5, 8);
        Tensor h = Layers.linear(x, w, null);
        float[] expected = Activations.relu(h.detach()).toFloatArray();
        Tensor plain = new ReLU().forward(h);
        assertFalse(h.sharesStorage(plain), "new ReLU() computes out of place");
        Tensor h2 = Layers.linear(x, w, null);
        Tensor inPlace = ReLU.inPlace().forward(h2);
        assertTrue(h2.sharesStorage(inPlace), "ReLU.inPlace() writes into the layer's fresh output");
        assertArrayEquals(expected, plain.toFloatArray(), 0f);
        assertArrayEquals(expected, inPlace.toFloatArray(), 0f);
        assertEquals("ReLU(inplace=true)", ReLU.inPlace().toString());
    }

    @Test
    void anyOtherTensorIsLeftAlone() {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, 4, 8);
        float[] before = x.toFloatArray();
        Tensor y = Activations.reluConsuming(x);
        assertFalse(x.sharesStorage(y));
        assertArrayEquals(before, x.toFloatArray(), 0f);
        // a fresh output is consumed once: a second call does not overwrite it again
        Tensor h = Layers.linear(x, Tensor.randn(g, 3, 8), null);
        Activations.reluConsuming(h);
        Tensor again = Activations.reluConsuming(h);
        assertFalse(h.sharesStorage(again));
    }

    @Test
    void nanStaysNanAndGetsNoGradient() {
        Tensor x = Tensor.fromArray(new float[] {-1f, 2f, 3f, 4f}, 2, 2).requiresGrad(true);
        Tensor w = Tensor.fromArray(new float[] {1f, 0f, 0f, 1f}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.fromArray(new float[] {0f, Float.NaN}, 2).requiresGrad(true);
        Tensor y = Activations.reluConsuming(Layers.linear(x, w, b));
        float[] v = y.toFloatArray();
        assertEquals(0f, v[0]);
        assertTrue(Float.isNaN(v[1]));
        assertEquals(3f, v[2]);
        assertTrue(Float.isNaN(v[3]));
        y.sum().backward();
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor w2 = w.detach().requiresGrad(true);
        Tensor b2 = b.detach().requiresGrad(true);
        Activations.relu(Layers.linear(x2, w2, b2)).sum().backward();
        assertArrayEquals(x2.grad().toFloatArray(), x.grad().toFloatArray(), 0f);
        assertArrayEquals(w2.grad().toFloatArray(), w.grad().toFloatArray(), 0f);
        assertArrayEquals(b2.grad().toFloatArray(), b.grad().toFloatArray(), 0f);
    }
}
