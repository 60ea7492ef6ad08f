package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Metrics and the confusion matrix on a hand-made example. */
class MetricsTest {
    // rows: predicted (arg-max) 0, 2, 1, 1, 0, 2 ; targets 0, 1, 1, 2, 0, 2
    private static final Tensor LOGITS = Tensor.fromArray(new float[] {
        3, 1, 0,
        0, 1, 2,
        0, 5, 1,
        1, 4, 3,
        2, 2, 1,   // tie between 0 and 1: the first wins
        0, 0, 9}, 6, 3);
    private static final Tensor TARGETS = Tensor.fromArray(new long[] {0, 1, 1, 2, 0, 2}, 6);

    @Test
    void accuracyAndTopK() {
        assertArrayEquals(new long[] {0, 2, 1, 1, 0, 2}, Metrics.predictions(LOGITS));
        assertEquals(4.0 / 6, Metrics.accuracy(LOGITS, TARGETS), 1e-12);
        // top-2: row 1 (target 1 is second), row 3 (target 2 is second) are added
        assertEquals(6, Metrics.topKCorrect(LOGITS, TARGETS, 2));
        assertEquals(1.0, Metrics.topKAccuracy(LOGITS, TARGETS, 3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.topKCorrect(LOGITS, TARGETS, 4));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(LOGITS, Tensor.fromArray(new long[] {0, 1}, 2)));
    }

    @Test
    void regressionErrors() {
        Tensor p = Tensor.of(1f, 2f, 4f);
        Tensor t = Tensor.of(1f, 0f, 1f);
        assertEquals((0 + 2 + 3) / 3.0, Metrics.mae(p, t), 1e-12);
        assertEquals(Math.sqrt((0 + 4 + 9) / 3.0), Metrics.rmse(p, t), 1e-12);
    }

    @Test
    void confusionMatrix() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.add(LOGITS, TARGETS);
        long[][] expected = {{2, 0, 0}, {0, 1, 1}, {0, 1, 1}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], cm.get(i, j), "(" + i + ", " + j + ")");
            }
        }
        assertEquals(4.0 / 6, cm.accuracy(), 1e-12);
        assertEquals(1.0, cm.recall(0), 1e-12);
        assertEquals(0.5, cm.recall(1), 1e-12);
        assertEquals(1.0, cm.precision(0), 1e-12);
        assertEquals(0.5, cm.precision(2), 1e-12);
        assertEquals(4, cm.toString().lines().count());
        assertThrows(IllegalArgumentException.class, () -> cm.add(LOGITS, Tensor.fromArray(new long[] {0, 1, 1, 2, 0, 3}, 6)));
    }
}
