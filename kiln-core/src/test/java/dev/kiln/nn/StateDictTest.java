package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    @Test
    void keysFollowPyTorchNaming() {
        var mlp = new Sequential(new Linear(4, 3), new TestModules.Relu(), new Linear(3, 2, Linear.Options.defaults().withBias(false)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(mlp.stateDict().keySet()));

        var net = new TestModules.Net();
        assertEquals(List.of("features.0.weight", "features.3.weight", "features.3.bias", "features.3.running_mean",
                "features.3.running_var", "features.3.num_batches_tracked", "bn.weight", "bn.bias", "bn.running_mean",
                "bn.running_var", "bn.num_batches_tracked", "head.weight"), List.copyOf(net.stateDict().keySet()));
        assertEquals(DType.INT64, net.stateDict().get("bn.num_batches_tracked").dtype());
    }

    @Test
    void valuesShareStorageAndDoNotRequireGrad() {
        var lin = new Linear(3, 2);
        Tensor w = lin.stateDict().get("weight");
        assertFalse(w.requiresGrad());
        assertTrue(w.sharesStorage(lin.weight()));
    }

    @Test
    void roundTripCopiesEveryValueInPlace() {
        var a = new TestModules.Net();
        var b = new TestModules.Net();
        a.bn.runningMean.add_(Tensor.of(1f, 2f, 3f, 4f).detach());
        Map<String, Tensor> saved = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> saved.put(k, v.clone()));
        Tensor bWeightBefore = b.head.weight();
        Module.LoadResult r = b.loadStateDict(saved, true);
        assertTrue(r.isComplete());
        assertTrue(bWeightBefore == b.head.weight(), "loaded in place, the parameter object is kept");
        assertTrue(b.head.weight().requiresGrad());
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), b.stateDict().get(e.getKey()).toDoubleArray(), 0, e.getKey());
        }
        Tensor idx = Tensor.of(1L, 7L, 3L);
        assertArrayEquals(a.forward(idx).toFloatArray(), b.forward(idx).toFloatArray());
    }

    @Test
    void strictLoadNamesEveryOffendingKeyAndChangesNothing() {
        var model = new Sequential(new Linear(4, 3, new Generator(1)), new TestModules.Relu(), new Linear(3, 2, new Generator(2)));
        Map<String, double[]> before = snapshot(model);
        Map<String, Tensor> state = new LinkedHashMap<>(new Sequential(new Linear(4, 3), new TestModules.Relu(), new Linear(3, 2))
                .stateDict());
        state.remove("0.bias");
        state.remove("2.weight");
        state.put("3.weight", Tensor.zeros(2, 2));
        state.put("extra", Tensor.zeros(1));
        state.put("2.bias", Tensor.zeros(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state, true));
        String m = e.getMessage();
        for (String key : List.of("0.bias", "2.weight", "3.weight", "extra", "2.bias")) {
            assertTrue(m.contains(key), "message names " + key + ": " + m);
        }
        assertTrue(m.contains("missing") && m.contains("unexpected") && m.contains("size mismatch"), m);
        assertTrue(m.contains("[5]") && m.contains("[2]"), "shapes of the mismatch: " + m);
        assertSnapshot(before, model);
    }

    @Test
    void nonStrictLoadReportsKeysAndLoadsTheRest() {
        var model = new Sequential(new Linear(4, 3), new TestModules.Relu(), new Linear(3, 2));
        var source = new Sequential(new Linear(4, 3), new TestModules.Relu(), new Linear(3, 2));
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("2.bias");
        state.put("head.weight", Tensor.zeros(1));
        double[] oldBias = ((Linear) model.get(2)).bias().toDoubleArray();
        Module.LoadResult r = model.loadStateDict(state, false);
        assertEquals(List.of("2.bias"), r.missingKeys());
        assertEquals(List.of("head.weight"), r.unexpectedKeys());
        assertArrayEquals(((Linear) source.get(0)).weight().toFloatArray(), ((Linear) model.get(0)).weight().toFloatArray());
        assertArrayEquals(oldBias, ((Linear) model.get(2)).bias().toDoubleArray(), 0);
    }

    @Test
    void nonStrictLoadStillRefusesWrongShapes() {
        var model = new Sequential(new Linear(4, 3));
        Map<String, double[]> before = snapshot(model);
        Map<String, Tensor> state = Map.of("0.weight", Tensor.zeros(3, 5), "0.bias", Tensor.ones(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
        assertSnapshot(before, model);
    }

    @Test
    void loadConvertsDtypeAndKeepsBufferType() {
        var norm = new TestModules.FakeNorm(2);
        Map<String, Tensor> state = new LinkedHashMap<>(norm.stateDict());
        state.put("num_batches_tracked", Tensor.scalar(DType.INT64, 7));
        state.put("weight", Tensor.of(0.5, 1.5));
        norm.loadStateDict(state);
        assertEquals(7, norm.stateDict().get("num_batches_tracked").item());
        assertEquals(DType.INT64, norm.stateDict().get("num_batches_tracked").dtype());
        assertArrayEquals(new float[] {0.5f, 1.5f}, norm.weight.toFloatArray());
        assertEquals(DType.FLOAT32, norm.weight.dtype());
    }

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertSnapshot(Map<String, double[]> before, Module m) {
        before.forEach((k, v) -> assertArrayEquals(v, m.stateDict().get(k).toDoubleArray(), 0, k + " changed"));
    }
}
