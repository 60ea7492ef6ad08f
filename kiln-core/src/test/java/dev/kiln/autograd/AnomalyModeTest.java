package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyModeTest {
    @Test
    void forwardNaNNamesTheOpAndItsInputShapes() {
        Tensor x = Tensor.of(new float[][] {{-1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        try (var _ = AnomalyMode.enabled()) {
            Tensor y = x.mul(2);
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> y.log());
            assertEquals("anomaly: logBackward produced NaN in its forward output (input shapes [2, 3])", e.getMessage());
        }
        assertFalse(AnomalyMode.isEnabled());
        assertTrue(Double.isNaN(x.log().getDouble(0, 0)), "without anomaly mode NaN passes silently");
    }

    @Test
    void backwardInfinityNamesTheOp() {
        Tensor x = Tensor.of(0f, 4f).requiresGrad(true);
        Tensor s = x.sqrt().sum();
        try (var _ = AnomalyMode.enabled()) {
            ArithmeticException e = assertThrows(ArithmeticException.class, s::backward);
            assertEquals("anomaly: sqrtBackward produced Infinity in its backward (input shapes [2])", e.getMessage());
        }
    }

    @Test
    void firstOffendingOpIsReported() {
        Tensor x = Tensor.of(-1f, 1f).requiresGrad(true);
        Tensor b = Tensor.of(1f, 1f, 1f).requiresGrad(true);
        try (var _ = AnomalyMode.enabled()) {
            Tensor ok = x.exp();
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> ok.sub(2).sqrt().add(b.sum()).log());
            assertTrue(e.getMessage().startsWith("anomaly: sqrtBackward produced NaN"), e.getMessage());
        }
    }

    @Test
    void scopesNest() {
        try (var _ = AnomalyMode.enabled()) {
            try (var _ = AnomalyMode.enabled()) {
                assertTrue(AnomalyMode.isEnabled());
            }
            assertTrue(AnomalyMode.isEnabled());
        }
        assertFalse(AnomalyMode.isEnabled());
    }
}
