package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an exception naming the op, the shapes and what was expected, for each family of core ops. */
class ErrorMessageTest {
    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message '" + message + "' should mention '" + p + "'");
        }
    }

    @Test
    void broadcastingMismatchNamesBothShapes() {
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast (dimension 1: 3 vs 4)",
                message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4))));
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2))),
                "mul", "[2, 3]", "[3, 2]");
        // sub is add with alpha = -1 and is reported as "add" for now; the shapes are named either way.
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(5).sub(Tensor.zeros(2, 4))), "[5]", "[2, 4]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(5).div(Tensor.zeros(3))), "div", "[5]", "[3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add_(Tensor.zeros(4, 2, 3))),
                "add_", "[2, 3]", "[4, 2, 3]");
    }

    @Test
    void viewOfANonContiguousTensor() {
        assertEquals("view: a tensor of shape [3, 2] with strides [1, 3] is not contiguous; use reshape() instead",
                message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).t().view(6)));
        assertEquals(6, Tensor.zeros(2, 3).t().reshape(6).numel(), "reshape copies instead");
    }

    @Test
    void badDimensions() {
        assertEquals("sum: dimension 5 is out of range for a tensor of rank 2 (expected in [-2, 1])",
                message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(5, false)));
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mean(-3, false)), "mean", "-3", "rank 2");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).transpose(0, 3)), "transpose", "3", "rank 2");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0)), "permute", "repeats");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).unsqueeze(4)), "unsqueeze", "4");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {0, 0}, false)),
                "sum", "more than once");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).flatten(1, 0)), "flatten", "start_dim");
    }

    @Test
    void indexOutOfRange() {
        assertEquals("select: index 3 is out of bounds for dimension 1 with size 3 (shape [2, 3])",
                message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(1, 3)));
        assertMentions(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(0, -3)), "select", "-3");
        assertMentions(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).narrow(1, 2, 2)), "narrow", "[2, 3]");
        assertEquals(0.0, Tensor.zeros(2, 3).select(0, -2).getDouble(0), "a negative index counts from the end");
    }

    @Test
    void reshapeToAnIncompatibleShape() {
        assertEquals("reshape: shape [4, 2] is invalid for input of size 6 (shape [2, 3])",
                message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2)));
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1)), "reshape", "-1");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3)), "expand", "[2, 3]", "[4, 3]");
    }

    @Test
    void requiresGradOnAnIntegerTensor() {
        assertEquals("requiresGrad: only float32/float64 tensors can require grad, this one is int64",
                message(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT64, 2).requiresGrad(true)));
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(DType.BOOL, 2).requiresGrad(true)), "bool");
    }

    @Test
    void backwardErrors() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        assertEquals("backward: grad can be implicitly created only for scalar outputs; this tensor has shape [2, 3] (pass a gradient)",
                message(IllegalStateException.class, () -> x.mul(2).backward()));
        assertEquals("backward: gradient has shape [3] but the tensor has shape [2, 3]",
                message(IllegalArgumentException.class, () -> x.mul(2).backward(Tensor.zeros(3))));
        assertMentions(message(IllegalStateException.class, () -> Tensor.zeros(2, 3).sum().backward()), "does not require grad");
        assertMentions(message(IllegalStateException.class, () -> x.mul(2).requiresGrad(false)), "leaf", "detach");
    }

    @Test
    void creationAndConversionErrors() {
        assertEquals("fromArray: 5 values cannot fill shape [2, 3] (6 elements)",
                message(IllegalArgumentException.class, () -> Tensor.fromArray(new float[5], 2, 3)));
        assertMentions(message(IllegalStateException.class, () -> Tensor.zeros(2, 3).item()), "item", "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).slice(1, 0, 3, 0)), "slice", "step");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).setGrad(Tensor.zeros(3))), "setGrad", "[3]", "[2, 2]");
    }
}
