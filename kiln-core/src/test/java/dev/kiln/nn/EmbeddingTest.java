package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void initialisationIsStandardNormalWithAZeroPaddingRow() {
        var emb = new Embedding(300, 100, Embedding.Options.defaults().withPaddingIdx(7), new Generator(1));
        double[] w = emb.weight().toDoubleArray();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < w.length; i++) {
            if (i / 100 == 7) {
                assertEquals(0, w[i]);
            }
            sum += w[i];
            sumSq += w[i] * w[i];
        }
        double mean = sum / w.length;
        double std = Math.sqrt(sumSq / w.length - mean * mean);
        // 30,000 N(0,1) samples: the mean is within 4·(1/√30000) ≈ 0.023, the std within 2%
        assertEquals(0, mean, 0.023);
        assertEquals(1, std, 0.02);
        assertEquals(299, new Embedding(300, 4, Embedding.Options.defaults().withPaddingIdx(-1)).paddingIdx());
    }

    @Test
    void forwardLooksUpRows() {
        Tensor w = Tensor.fromArray(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2);
        Tensor idx = Tensor.fromArray(new long[] {3, 0, 2, 2, 1, 3}, 2, 3);
        Tensor y = Layers.embedding(idx, w);
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        assertArrayEquals(new float[] {30, 31, 0, 1, 20, 21, 20, 21, 10, 11, 30, 31}, y.toFloatArray());
    }

    @Test
    void repeatedIndicesAddAndThePaddingRowGetsNoGradient() {
        Tensor w = Tensor.zeros(4, 2).requiresGrad(true);
        Tensor idx = Tensor.of(1L, 1L, 2L, 1L, 0L);
        Tensor up = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
        Layers.embedding(idx, w, OptionalInt.of(0)).backward(up);
        // row 1 is used at positions 0, 1, 3; row 2 at 2; row 0 is padding; row 3 unused
        assertArrayEquals(new float[] {0, 0, 1 + 3 + 7, 2 + 4 + 8, 5, 6, 0, 0}, w.grad().toFloatArray());

        Tensor w2 = Tensor.zeros(4, 2).requiresGrad(true);
        Layers.embedding(idx, w2, OptionalInt.of(-4)).backward(up);
        assertEquals(0, w2.grad().get(0).sum().item(), "padding_idx -4 is row 0");
    }

    @Test
    void gradCheck() {
        Generator g = new Generator(2);
        Tensor w = Tensor.randn(g, 6, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor idx = Tensor.fromArray(new long[] {1, 4, 4, 0, 5, 1, 1, 3}, 2, 4);
        GradCheck.check(in -> Layers.embedding(in[0], in[1]), idx, w);
    }

    @Test
    void paddingRowGradientIsZeroEvenInFloat64() {
        Tensor w = Tensor.randn(new Generator(3), 5, 2).to(DType.FLOAT64).requiresGrad(true);
        var emb = Embedding.fromPretrained(w, Embedding.Options.defaults().withPaddingIdx(2));
        emb.forward(Tensor.of(2L, 2L, 4L)).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, emb.weight().grad().toDoubleArray());
    }

    @Test
    void fromPretrainedCopiesAndCanFreeze() {
        Tensor table = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
        var emb = Embedding.fromPretrained(table);
        assertFalse(emb.weight().requiresGrad());
        assertFalse(emb.weight().sharesStorage(table));
        assertArrayEquals(new float[] {3, 4}, emb.forward(Tensor.of(1L)).toFloatArray());
    }

    @Test
    void badIndicesAreRefusedClearly() {
        var emb = new Embedding(5, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.of(1L, 5L)));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("embedding"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(1f)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 2, Embedding.Options.defaults().withPaddingIdx(5)));
    }
}
