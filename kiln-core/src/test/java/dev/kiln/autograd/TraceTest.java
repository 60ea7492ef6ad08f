package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.internal.Tracing;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The op recorder used by exporters: what it records, and that it is scoped to one thread. */
class TraceTest {
    @Test
    void recordsOperationsWithInputsAttributesAndOutput() {
        Tensor x = Tensor.randn(2, 3);
        Tensor y;
        List<TracedOp> ops;
        try (Trace trace = Trace.start()) {
            y = x.mul(2).add(1).reshape(3, 2);
            ops = trace.ops();
        }
        assertEquals(List.of("affine", "affine", "reshape"), ops.stream().map(TracedOp::name).toList());
        assertSame(x, ops.get(0).input(0));
        assertEquals(2.0, ops.get(0).doubleAttribute("scale"));
        assertEquals(0.0, ops.get(0).doubleAttribute("shift"));
        assertSame(ops.get(0).output(), ops.get(1).input(0));
        assertArrayEquals(new int[] {3, 2}, ops.get(2).intsAttribute("shape"));
        assertSame(y, ops.get(2).output());
        var e = assertThrows(IllegalStateException.class, () -> ops.get(2).attribute("eps"));
        assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains("eps"), e.getMessage());
    }

    @Test
    void aCompositeIsRecordedAfterItsPartsWithTheSameOutput() {
        LayerNorm norm = new LayerNorm(4);
        Linear linear = new Linear(4, 2, Linear.Options.defaults().withBias(false));
        Tensor x = Tensor.randn(3, 4);
        List<TracedOp> ops;
        Tensor y;
        try (Trace trace = Trace.start()) {
            y = linear.forward(norm.forward(x));
            ops = trace.ops();
        }
        TracedOp last = ops.get(ops.size() - 1);
        assertEquals("linear", last.name());
        assertSame(y, last.output());
        assertNull(last.input(2), "an absent bias is a null input");
        TracedOp layerNorm = ops.stream().filter(o -> o.name().equals("layer_norm")).findFirst().orElseThrow();
        assertSame(x, layerNorm.input(0));
        assertSame(layerNorm.output(), last.input(0));
        assertTrue(ops.indexOf(layerNorm) > 1, "the parts (means, products) come first: " + ops);
        assertArrayEquals(new int[] {4}, layerNorm.intsAttribute("shape"));
    }

    @Test
    void nothingIsRecordedOutsideATraceOrOnAnotherThread() throws Exception {
        assertFalse(Trace.isRecording());
        Tracing.record("add", Tensor.ones(1), Tensor.ones(1));
        try (Trace trace = Trace.start()) {
            Thread other = new Thread(() -> Tensor.ones(2).add(1));
            other.start();
            other.join();
            assertTrue(trace.ops().isEmpty());
            assertThrows(IllegalStateException.class, Trace::start);
            Tensor x = Tensor.ones(2);
            x.to(dev.kiln.tensor.DType.FLOAT32);   // returns x itself: nothing to record
            assertTrue(trace.ops().isEmpty(), trace.ops().toString());
        }
        assertFalse(Trace.isRecording());
    }
}
