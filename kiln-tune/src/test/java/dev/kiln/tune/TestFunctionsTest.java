package dev.kiln.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark functions take their published minima at their published minimisers. */
class TestFunctionsTest {
    private static double[] filled(int d, double v) {
        double[] x = new double[d];
        Arrays.fill(x, v);
        return x;
    }

    @Test
    void minimaAtTheirMinimisers() {
        assertEquals(TestFunctions.BRANIN_MIN, TestFunctions.branin(Math.PI, 2.275), 1e-6);
        assertEquals(TestFunctions.HARTMANN6_MIN,
                TestFunctions.hartmann6(new double[] {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}), 1e-5);
        assertEquals(0.0, TestFunctions.rosenbrock(filled(10, 1.0)), 0.0);
        assertEquals(0.0, TestFunctions.ackley(filled(5, 0.0)), 1e-12);
        assertEquals(0.0, TestFunctions.levy(filled(4, 1.0)), 1e-12);
        assertEquals(8 * TestFunctions.STYBLINSKI_TANG_MIN_PER_DIM, TestFunctions.styblinskiTang(filled(8, -2.903534)), 1e-6);
    }

    @Test
    void minimaAreLowerThanNearbyPoints() {
        double[] ackley = filled(5, 0.0);
        ackley[2] = 0.01;
        assertTrue(TestFunctions.ackley(ackley) > 0.0);
        double[] levy = filled(4, 1.0);
        levy[0] = 1.01;
        assertTrue(TestFunctions.levy(levy) > 0.0);
        double[] st = filled(8, -2.903534);
        st[7] = -2.8;
        assertTrue(TestFunctions.styblinskiTang(st) > 8 * TestFunctions.STYBLINSKI_TANG_MIN_PER_DIM);
    }
}
