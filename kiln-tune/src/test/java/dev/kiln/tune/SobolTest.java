package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SobolTest {

    /** Points of the plain sequence against SciPy's qmc.Sobol(40, scramble=False). */
    @Test
    void plainSequenceMatchesScipy() {
        Sobol s = new Sobol(40, 0, Sobol.Scrambling.PLAIN);
        double[] p1000 = s.point(1000);
        assertArrayEquals(new double[] {0.2197265625, 0.8994140625, 0.7255859375, 0.4794921875},
                new double[] {p1000[0], p1000[7], p1000[19], p1000[39]}, 0);
        double[] p37 = s.point(37);
        assertArrayEquals(new double[] {0.640625, 0.859375, 0.359375, 0.953125},
                new double[] {p37[1], p37[13], p37[25], p37[38]}, 0);
    }

    /** Scrambling keeps the (0, m, 2)-net property of the first two coordinates: 64 points, one per 1/8 × 1/8 cell. */
    @Test
    void scrambledPointsStayANet() {
        for (long seed = 0; seed < 5; seed++) {
            Sobol s = new Sobol(2, seed, Sobol.Scrambling.SCRAMBLED);
            int[][] cells = new int[8][8];
            for (int i = 0; i < 64; i++) {
                double[] p = s.point(i);
                cells[(int) (p[0] * 8)][(int) (p[1] * 8)]++;
            }
            for (int[] row : cells) {
                for (int c : row) {
                    assertEquals(1, c);
                }
            }
            // and in 1/64-wide strips of each coordinate
            boolean[] seen = new boolean[64];
            for (int i = 0; i < 64; i++) {
                int k = (int) (s.point(i)[1] * 64);
                assertFalse(seen[k]);
                seen[k] = true;
            }
        }
        double[] a = new Sobol(3, 1, Sobol.Scrambling.SCRAMBLED).point(5);
        double[] b = new Sobol(3, 2, Sobol.Scrambling.SCRAMBLED).point(5);
        assertFalse(java.util.Arrays.equals(a, b), "different seeds scramble differently");
    }
}
