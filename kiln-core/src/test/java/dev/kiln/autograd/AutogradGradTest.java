package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Autograd.grad, gradient hooks and retainGrad, against hand-derived derivatives. */
class AutogradGradTest {
    @Test
    void gradReturnsTheGradientWithoutTouchingLeaves() {
        Tensor x = Tensor.of(1.0, 2.0, -3.0).requiresGrad(true);
        Tensor y = x.pow(3).sum();
        Tensor g = Autograd.grad(y, x);
        assertArrayEquals(new double[] {3, 12, 27}, g.toDoubleArray(), 1e-12);
        assertNull(x.grad(), "Autograd.grad leaves .grad alone");
        assertFalse(g.requiresGrad());
    }

    @Test
    void createGraphGivesSecondAndThirdDerivatives() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.pow(4).sum();
        GradOptions create = GradOptions.DEFAULT.createGraph(true);
        Tensor g1 = Autograd.grad(y, x, create);                  // 4x³
        Tensor g2 = Autograd.grad(g1.sum(), x, create);           // 12x²
        Tensor g3 = Autograd.grad(g2.sum(), x);                   // 24x
        assertArrayEquals(new double[] {4, 32}, g1.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {12, 48}, g2.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {24, 48}, g3.toDoubleArray(), 1e-12);
    }

    @Test
    void severalOutputsWithGradOutputsAndANonLeafInput() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor h = x.mul(3);                 // intermediate
        Tensor y1 = h.square();              // ∂y1/∂h = 2h
        Tensor y2 = h.sum().mul(x.sum());    // ∂y2/∂x = 3·Σx + Σh = 9 + 9 through both paths
        List<Tensor> gs = Autograd.grad(List.of(y1, y2), List.of(h, x), List.of(Tensor.of(1.0, 0.5), Tensor.scalar(1.0)),
                GradOptions.DEFAULT);
        // ∂/∂h of (y1·v + y2) = 2h·v + Σx = [6·1 + 3, 12·0.5 + 3]
        assertArrayEquals(new double[] {9, 9}, gs.get(0).toDoubleArray(), 1e-12);
        // ∂/∂x = 3·(2h·v) + 3·Σx + Σh = [3·6 + 9 + 9, 3·6 + 9 + 9]
        assertArrayEquals(new double[] {36, 36}, gs.get(1).toDoubleArray(), 1e-12);
    }

    @Test
    void unusedInputsFailUnlessAllowed() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor z = Tensor.of(5.0).requiresGrad(true);
        Tensor y = x.mul(2).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(List.of(y), List.of(x, z), null, GradOptions.DEFAULT.retainGraph(true)));
        assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());
        List<Tensor> gs = Autograd.grad(List.of(y), List.of(x, z), null, GradOptions.DEFAULT.allowUnused(true).retainGraph(true));
        assertArrayEquals(new double[] {2}, gs.get(0).toDoubleArray());
        assertNull(gs.get(1));
        List<Tensor> zeros = Autograd.grad(List.of(y), List.of(x, z), null, GradOptions.DEFAULT.materializeGrads(true));
        assertArrayEquals(new double[] {0}, zeros.get(1).toDoubleArray());
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, x));
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y.sum(), Tensor.of(1.0)));
        assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(x), List.of(Tensor.of(1.0)), GradOptions.DEFAULT));
    }

    @Test
    void hooksSeeAndReplaceGradients() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        List<double[]> seen = new ArrayList<>();
        Tensor h = x.mul(3);
        h.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(10);
        });
        HookHandle onLeaf = x.registerHook(g -> g.add(1));
        h.square().sum().backward();
        assertArrayEquals(new double[] {6, 12}, seen.get(0), 1e-12);        // 2h
        assertArrayEquals(new double[] {181, 361}, x.grad().toDoubleArray(), 1e-12);   // 3·10·2h + 1
        onLeaf.remove();
        x.setGrad(null);
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 1e-12);
        assertThrows(IllegalStateException.class, () -> Tensor.of(1.0).registerHook(g -> g));
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = Tensor.of(1.0, -2.0).requiresGrad(true);
        Tensor h = x.mul(x);
        assertFalse(h.retainsGrad());
        h.retainGrad();
        assertTrue(h.retainsGrad());
        Tensor y = h.mul(Tensor.of(3.0, 4.0)).sum();
        y.backward();
        assertArrayEquals(new double[] {3, 4}, h.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {6, -16}, x.grad().toDoubleArray(), 1e-12);
        Tensor plain = x.mul(2);
        plain.sum().backward();
        assertNull(plain.grad(), "without retainGrad a non-leaf keeps no gradient");
        assertEquals(x, x.retainGrad(), "a leaf already keeps its gradient");
    }
}
