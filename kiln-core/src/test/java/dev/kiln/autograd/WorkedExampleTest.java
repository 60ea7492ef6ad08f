package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WorkedExampleTest {
    @Test
    void onesPlusTwoSquaredTimesThreeMean() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.add(2);
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();
        assertEquals(27.0, out.item(), 0);
        out.backward();
        assertArrayEquals(new float[] {4.5f, 4.5f, 4.5f, 4.5f}, x.grad().toFloatArray());
    }

    @Test
    void broadcastGradientsSumBack() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor b = Tensor.of(10f, 20f, 30f).requiresGrad(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new float[] {10, 20, 30, 10, 20, 30}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {5, 7, 9}, b.grad().toFloatArray());
        System.out.println(a.mul(b));
    }
}
