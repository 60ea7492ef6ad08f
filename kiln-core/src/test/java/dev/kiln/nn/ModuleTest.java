package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {

    @Test
    void namedModulesListsEveryPathDepthFirst() {
        var net = new TestModules.Net();
        assertEquals(List.of("", "features", "features.0", "features.1", "features.2", "features.3", "bn", "head"),
                List.copyOf(net.namedModules().keySet()));
        assertTrue(net.namedModules().get("features.3") instanceof TestModules.FakeNorm);
    }

    @Test
    void applyVisitsChildrenBeforeParent() {
        var seq = new Sequential(new Identity(), new Sequential(new Flatten()));
        List<String> order = new ArrayList<>();
        seq.apply(m -> order.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Identity", "Flatten", "Sequential", "Sequential"), order);
    }

    @Test
    void requiresGradFalseFreezesEverything() {
        var net = new TestModules.Net();
        net.requiresGrad(false);
        assertTrue(net.parameters().stream().noneMatch(Tensor::requiresGrad));
        net.requiresGrad(true);
        assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void frozenParametersGetNoGradient() {
        var net = new TestModules.Net();
        List<String> frozen = net.freeze("features.*");
        assertEquals(List.of("features.0.weight", "features.3.weight", "features.3.bias"), frozen);
        net.forward(Tensor.of(1L, 2L, 2L)).sum().backward();
        assertNull(net.features.namedParameters().get("0.weight").grad());
        assertNull(net.features.namedParameters().get("3.weight").grad());
        assertNotNull(net.head.weight().grad());
        assertNotNull(net.bn.weight.grad());
        assertEquals(List.of("features.0.weight"), net.unfreeze("features.?.weight").subList(0, 1));
        assertTrue(net.features.namedParameters().get("0.weight").requiresGrad());
        assertFalse(net.features.namedParameters().get("3.bias").requiresGrad());
    }

    @Test
    void freezeByGlobMatchesWholeNamesAndRejectsTypos() {
        var net = new TestModules.Net();
        assertEquals(List.of("features.3.bias", "bn.bias"), net.freeze("*.bias"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.freeze("feature.*"));
        assertTrue(e.getMessage().contains("feature.*") && e.getMessage().contains("features.0.weight"), e.getMessage());
        // '.' is literal: "bn.weight" does not match "bnXweight"
        assertTrue(Module.globToRegex("bn.weight").matcher("bn.weight").matches());
        assertFalse(Module.globToRegex("bn.weight").matcher("bnXweight").matches());
    }

    @Test
    void freezeBySelectorReturnsWhatItChanged() {
        var net = new TestModules.Net();
        assertEquals(List.of("features.3.bias", "bn.bias"), net.freeze(name -> name.endsWith(".bias")));
        assertFalse(net.namedParameters().get("bn.bias").requiresGrad());
        assertEquals(List.of(), net.freeze(name -> name.startsWith("nothing")), "no match is no error");
        assertEquals(List.of("bn.bias"), net.unfreeze(name -> name.equals("bn.bias")));
        assertTrue(net.namedParameters().get("bn.bias").requiresGrad());
    }

    @Test
    void l1AndL2PenaltiesAndTheirGradients() {
        var lin = new Linear(3, 2);
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            lin.weight().copy_(Tensor.of(new float[][] {{1, -2, 3}, {-4, 5, -6}}));
            lin.bias().copy_(Tensor.of(0.5f, -1.5f));
        }
        double l1All = 0.1 * (21 + 2);
        double l2All = 0.1 / 2 * (91 + 0.25 + 2.25);
        assertEquals(l1All, Regularization.l1(lin, 0.1).item(), 1e-6);
        assertEquals(l2All, Regularization.l2(lin, 0.1).item(), 1e-6);
        assertEquals(0.1 * 21, Regularization.l1(lin, 0.1, Regularization.WEIGHTS_ONLY).item(), 1e-6);
        Tensor penalty = Regularization.l2(lin, 0.1, Regularization.WEIGHTS_ONLY);
        assertEquals(0.05 * 91, penalty.item(), 1e-5);
        penalty.backward();
        assertArrayEquals(new float[] {0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f}, lin.weight().grad().toFloatArray(), 1e-6f);
        assertNull(lin.bias().grad(), "biases are excluded");
        lin.zeroGrad();
        Regularization.l1(lin, 0.1).backward();
        assertArrayEquals(new float[] {0.1f, -0.1f}, lin.bias().grad().toFloatArray(), 1e-6f);
    }

    @Test
    void toStringShowsTheTree() {
        var seq = new Sequential(new Linear(4, 3), new Dropout(0.25));
        String s = seq.toString();
        assertTrue(s.contains("(0): Linear(in_features=4, out_features=3, bias=true)"), s);
        assertTrue(s.contains("(1): Dropout(p=0.25)"), s);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        var net = new TestModules.Net();
        net.eval();
        assertTrue(net.modules().stream().noneMatch(Module::isTraining));
        net.train();
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
    }
}
