package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Triplet selection on a tiny batch checked by hand. */
class TripletMiningTest {
    // Labels: samples 0, 1 are class 7; samples 2, 3 are class 9.
    private static final Tensor LABELS = Tensor.of(7L, 7L, 9L, 9L);
    // Symmetric distances: d01 = 1, d23 = 2, d02 = 1.5, d03 = 3, d12 = 0.5, d13 = 4.
    private static final Tensor D = Tensor.of(new double[][] {
        {0, 1, 1.5, 3},
        {1, 0, 0.5, 4},
        {1.5, 0.5, 0, 2},
        {3, 4, 2, 0}});

    @Test
    void allValidTriplets() {
        // Each anchor has one positive and two negatives: 8 triplets.
        long[] expected = {
            0, 1, 2, 0, 1, 3,
            1, 0, 2, 1, 0, 3,
            2, 3, 0, 2, 3, 1,
            3, 2, 0, 3, 2, 1};
        Tensor t = TripletMining.all(LABELS);
        assertArrayEquals(new int[] {8, 3}, t.shape());
        assertArrayEquals(expected, t.toLongArray());
    }

    @Test
    void hardestPositiveAndNegativePerAnchor() {
        // anchor 0: positive 1, closest negative 2 (1.5); anchor 1: positive 0, negative 2 (0.5);
        // anchor 2: positive 3, negative 1 (0.5); anchor 3: positive 2, negative 0 (3 < 4).
        long[] expected = {0, 1, 2, 1, 0, 2, 2, 3, 1, 3, 2, 0};
        assertArrayEquals(expected, TripletMining.hardest(LABELS, D).toLongArray());
    }

    @Test
    void semiHardNegatives() {
        // margin 1.5: (0,1): d_ap = 1, negatives 1.5 ∈ (1, 2.5) yes, 3 no → n = 2.
        // (1,0): d_ap = 1, negatives 0.5 no, 4 no → skipped.
        // (2,3): d_ap = 2, negatives 1.5 no, 0.5 no → skipped.
        // (3,2): d_ap = 2, negatives 3 ∈ (2, 3.5) yes, 4 no → n = 0.
        long[] expected = {0, 1, 2, 3, 2, 0};
        Tensor t = TripletMining.semiHard(LABELS, D, 1.5);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(expected, t.toLongArray());
        assertArrayEquals(expected, TripletMining.mine(TripletMining.Strategy.SEMI_HARD, LABELS, D, 1.5).toLongArray());
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> TripletMining.hardest(LABELS, Tensor.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> TripletMining.all(Tensor.of(1.0, 2.0)));
    }
}
