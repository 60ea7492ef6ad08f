package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.AdamStep;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.SgdStep;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimiser mechanics: groups, null gradients, zeroGrad, layouts, and the vector kernels against the plain ones. */
class OptimizerTest {
    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor b = Tensor.of(3.0, 4.0).requiresGrad(true);
        var opt = new Adam(List.of(a, b), Adam.Options.of(0.1));
        a.setGrad(Tensor.of(1.0, -1.0));
        opt.step();
        assertArrayEquals(new double[] {3.0, 4.0}, b.toDoubleArray());
        assertTrue(opt.state(b).isEmpty());
        // Adam's first step moves each element by lr·sign(g) (up to eps)
        assertArrayEquals(new double[] {0.9, 2.1}, a.toDoubleArray(), 1e-6);
    }

    @Test
    void zeroGradZeroesOrClears() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        var opt = new SGD(List.of(a), SGD.Options.of(0.1));
        a.setGrad(Tensor.of(5f, 6f));
        opt.zeroGrad(false);
        assertArrayEquals(new float[] {0f, 0f}, a.grad().toFloatArray());
        opt.zeroGrad(true);
        assertNull(a.grad());
    }

    @Test
    void stepDoesNotRecordAGraphAndBumpsTheVersion() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        var opt = new SGD(List.of(a), SGD.Options.of(0.5));
        a.setGrad(Tensor.of(2f, 2f));
        int before = a.version();
        opt.step();
        assertTrue(a.isLeaf());
        assertTrue(a.version() > before);
        assertArrayEquals(new float[] {0f, 1f}, a.toFloatArray());
    }

    @Test
    void duplicateParametersAndBadHyperparametersAreRefused() {
        Tensor a = Tensor.of(1f).requiresGrad(true);
        var opt = new SGD(List.of(a), SGD.Options.of(0.1));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(a), SGD.Options.of(0.2)));
        assertTrue(e.getMessage().contains("more than one parameter group"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Adam.Options.of(0.1).withBetas(1.5, 0.9));
        assertTrue(e2.getMessage().contains("beta1"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(0.1).withNesterov(true));
    }

    @Test
    void sharedWithersCopyOneComponentAndValidateIt() {
        SGD.Options sgd = SGD.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withWeightDecay(1e-4).withMaximize(true);
        assertEquals(new SGD.Options(0.1, 0.9, 0.1, 1e-4, false, true), sgd);
        assertEquals(new SGD.Options(0.5, 0.9, 0.1, 1e-4, false, true), sgd.withLr(0.5));
        var lr = assertThrows(IllegalArgumentException.class, () -> sgd.withLr(-1));
        assertTrue(lr.getMessage().contains("SGD: invalid lr -1.0"), lr.getMessage());
        Adam.Options adam = Adam.Options.of(1e-3).withBetas(0.8, 0.99).withEps(1e-6).withAmsgrad(true);
        assertEquals(new Adam.Options(1e-3, 0.8, 0.99, 1e-6, 0, true, false), adam);
        assertEquals(0.5, adam.withMomentum(0.5).beta1(), 0, "a scheduler's momentum is the Adam family's beta1");
        assertEquals(0.9, NAdam.Options.of(1e-3).withBeta2(0.9).beta2(), 0);
        var rprop = Rprop.Options.of(0.01);
        assertEquals(rprop, rprop.withWeightDecay(0), "an algorithm without weight decay accepts 0");
        assertThrows(UnsupportedOperationException.class, () -> rprop.withWeightDecay(0.1));
        assertThrows(UnsupportedOperationException.class, () -> rprop.withMomentum(0.9));
    }

    @Test
    void groupsHaveTheirOwnOptions() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(1.0).requiresGrad(true);
        var opt = new SGD(SGD.Options.of(0.1),
                List.of(ParamGroupSpec.of(List.of(a)), new ParamGroupSpec(List.of(b), 0.01, null)));
        a.setGrad(Tensor.of(1.0));
        b.setGrad(Tensor.of(1.0));
        opt.step();
        assertEquals(0.9, a.item(), 1e-15);
        assertEquals(0.99, b.item(), 1e-15);
    }

    @Test
    void nonContiguousParameterIsUpdatedInPlace() {
        // a 3x2 leaf laid out column-major (the transpose of a contiguous 2x3)
        double[] data = {1, 2, 3, 4, 5, 6};
        Tensor p = Tensor.fromArray(data, 2, 3).t().requiresGrad(true);
        Tensor q = p.detach().contiguous().clone().requiresGrad(true);
        assertTrue(!p.isContiguous());
        Tensor g = Tensor.of(new double[][] {{1, -1}, {2, -2}, {3, -3}});
        p.setGrad(g);
        q.setGrad(g.clone());
        var o1 = new SGD(List.of(p), SGD.Options.of(0.1).withMomentum(0.9));
        var o2 = new SGD(List.of(q), SGD.Options.of(0.1).withMomentum(0.9));
        o1.step();
        o2.step();
        o1.step();
        o2.step();
        assertArrayEquals(q.toDoubleArray(), p.toDoubleArray(), 0);
    }

    @Test
    void momentumSwitchedOnMidRunStartsFromTheGradient() {
        Tensor p = Tensor.of(0.0).requiresGrad(true);
        var opt = new SGD(List.of(p), SGD.Options.of(1.0));
        p.setGrad(Tensor.of(1.0));
        opt.step(); // p = -1, no buffer
        var g = opt.paramGroups().getFirst();
        g.setOptions(g.options().withMomentum(0.5).withDampening(0.5));
        opt.step(); // buffer = g = 1 (no dampening on its first use): p = -2
        opt.step(); // buffer = 0.5·1 + 0.5·1 = 1: p = -3
        assertEquals(-3.0, p.item(), 1e-15);
    }

    @Test
    void float64GradientOnFloat32Parameter() {
        Tensor p = Tensor.of(1f, 2f).requiresGrad(true);
        p.setGrad(Tensor.of(1.0, 1.0).to(DType.FLOAT32));
        var opt = new SGD(List.of(p), SGD.Options.of(0.25));
        opt.step();
        assertArrayEquals(new float[] {0.75f, 1.75f}, p.toFloatArray());
    }

    private static float[] randomFloats(Generator g, int n, double scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (g.nextGaussian() * scale);
        }
        return f;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), what + " element " + i);
        }
    }

    @Test
    void largeParametersSplitAcrossThreadsGiveTheSameResult() {
        Generator g = new Generator(9);
        int n = 3 * dev.kiln.backend.cpu.Parallel.ELEMENTWISE_GRAIN + 17;
        float[] p0 = randomFloats(g, n, 1);
        Tensor big = Tensor.fromArray(p0.clone(), n).requiresGrad(true);
        Tensor bigSgd = Tensor.fromArray(p0.clone(), n).requiresGrad(true);
        Adam.Options o = Adam.Options.of(0.01).withAmsgrad(true);
        var adam = new Adam(List.of(big), o);
        var sgd = new SGD(List.of(bigSgd), SGD.Options.of(0.1).withMomentum(0.9));
        double[] pd = toDouble(p0);
        double[] sd = toDouble(p0);
        double[] md = new double[n];
        double[] vd = new double[n];
        double[] vmaxd = new double[n];
        double[] bd = new double[n];
        for (int t = 1; t <= 3; t++) {
            float[] grad = randomFloats(g, n, 1);
            big.setGrad(Tensor.fromArray(grad, n));
            bigSgd.setGrad(Tensor.fromArray(grad.clone(), n));
            adam.step();
            sgd.step();
            ReferenceBackend.INSTANCE.adam(pd, 0, toDouble(grad), 0, md, vd, vmaxd, 0, n,
                    new AdamStep(0.01, 0.9, 0.999, 1e-8, 0, AdamStep.WeightDecay.L2, false, t));
            ReferenceBackend.INSTANCE.sgd(sd, 0, toDouble(grad), 0, bd, 0, n, new SgdStep(0.1, 0.9, 0, 0, false, false, t == 1));
        }
        assertClose(pd, big.toFloatArray(), "Adam on " + n + " elements");
        assertClose(sd, bigSgd.toFloatArray(), "SGD on " + n + " elements");
    }

    @Test
    void splitDecayKeepsBiasesNormsAndPreluSlopesOutOfTheDecay() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (String name : List.of("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "blocks.0.norm.weight",
                "act.prelu.weight", "fc.weight", "fc.bias")) {
            named.put(name, Tensor.of(1.0).requiresGrad(true));
        }
        List<ParamGroupSpec> groups = ParamGroups.splitDecay(named, ParamGroups.BIAS_AND_NORM);
        assertEquals(2, groups.size());
        assertEquals(List.of(named.get("conv1.weight"), named.get("fc.weight")), groups.get(0).params());
        var opt = new AdamW(AdamW.defaults(1e-3), groups);
        assertEquals(0.01, opt.paramGroups().get(0).options().weightDecay());
        assertEquals(0.0, opt.paramGroups().get(1).options().weightDecay());
        assertEquals(6, opt.paramGroups().get(1).params().size());

        List<ParamGroupSpec> bySuffix = ParamGroups.splitDecayBySuffix(named, "bias", "prelu.weight");
        assertEquals(4, bySuffix.get(1).params().size());
    }

    @Test
    void splitDecayOfAModelDecidesByModuleTypeInsideASequential() {
        // Sequential names are 0.weight, 1.weight, 2.weight…: the old name rule decayed the norm and PReLU weights
        var linear = new dev.kiln.nn.Linear(3, 4);
        var norm = new dev.kiln.nn.BatchNorm1d(4);
        var prelu = new dev.kiln.nn.activation.PReLU();
        var out = new dev.kiln.nn.Linear(4, 2, dev.kiln.nn.Linear.Options.defaults().withBias(false));
        var ln = new dev.kiln.nn.LayerNorm(2);
        var model = new dev.kiln.nn.Sequential(linear, norm, prelu, out, ln);
        List<ParamGroupSpec> groups = ParamGroups.splitDecay(model);
        assertEquals(2, groups.size());
        assertEquals(List.of(linear.weight(), out.weight()), groups.get(0).params());
        assertEquals(List.of(linear.bias(), norm.weight(), norm.bias(), prelu.weight(), ln.namedParameters().get("weight"),
                ln.namedParameters().get("bias")),
                groups.get(1).params());
        assertEquals(0.0, groups.get(1).weightDecay());
        // frozen parameters are left out
        linear.weight().requiresGrad(false);
        assertEquals(List.of(out.weight()), ParamGroups.splitDecay(model).get(0).params());
    }
}
