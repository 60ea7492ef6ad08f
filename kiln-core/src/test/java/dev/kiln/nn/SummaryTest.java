package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Sequential mlp() {
        return new Sequential(new Linear(784, 512), new TestModules.Relu(), new Linear(512, 256), new TestModules.Relu(),
                new Linear(256, 10));
    }

    @Test
    void parameterCountOfA784x512x256x10Mlp() {
        // (784·512 + 512) + (512·256 + 256) + (256·10 + 10)
        long expected = 784L * 512 + 512 + 512L * 256 + 256 + 256L * 10 + 10;
        assertEquals(535_818, expected);
        assertEquals(expected, mlp().parameterCount());
    }

    /** Needs matmul (Linear's forward). */
    @Test
    void summaryOfTheMlp() {
        var model = mlp();
        Summary s = model.summary(1, 784);
        System.out.println(s);
        assertEquals(535_818, s.totalParams());
        assertEquals(535_818, s.trainableParams());
        assertEquals(0, s.frozenParams());
        assertEquals(List.of("0", "1", "2", "3", "4"), s.rows().stream().map(Summary.Row::name).toList());
        assertArrayEquals(new int[] {1, 512}, s.rows().get(0).outputShape());
        assertArrayEquals(new int[] {1, 256}, s.rows().get(3).outputShape());
        assertArrayEquals(new int[] {1, 10}, s.rows().get(4).outputShape());
        assertEquals(401_920, s.rows().get(0).params());
        assertEquals(0, s.rows().get(1).params());
        String text = s.toString();
        assertTrue(text.contains("Total params: 535,818"), text);
        assertTrue(text.contains("0 (Linear)") && text.contains("401,920"), text);

        model.freeze("0.*");
        Summary frozen = model.summary(1, 784);
        assertEquals(401_920, frozen.frozenParams());
        assertEquals(535_818 - 401_920, frozen.trainableParams());
        assertTrue(frozen.toString().contains("Non-trainable params: 401,920"), frozen.toString());
    }

    @Test
    void summaryWithAnIndexInput() {
        var model = new Sequential(new Embedding(100, 8), new Flatten(), new Dropout(0.5));
        Summary s = Summary.of(model, Tensor.zeros(dev.kiln.tensor.DType.INT64, 2, 5));
        assertArrayEquals(new int[] {2, 5, 8}, s.rows().get(0).outputShape());
        assertArrayEquals(new int[] {2, 40}, s.rows().get(2).outputShape());
        assertEquals(800, s.totalParams());
        assertTrue(model.isTraining(), "summary restores the mode");
        model.get(2).eval();
        model.summary(Tensor.zeros(dev.kiln.tensor.DType.INT64, 2, 5));
        assertTrue(model.isTraining() && model.get(0).isTraining() && !model.get(2).isTraining(), "each module's own mode");
    }

    @Test
    void compositeModuleIsOneRow() {
        var net = new TestModules.Net();
        Summary s = Summary.of(net, Tensor.zeros(dev.kiln.tensor.DType.INT64, 3));
        assertEquals(1, s.rows().size());
        assertArrayEquals(new int[] {3, 4}, s.rows().get(0).outputShape());
        assertEquals(40 + 8 + 8 + 40, s.totalParams());
    }
}
