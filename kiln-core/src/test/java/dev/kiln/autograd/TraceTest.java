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
        Trace.Recording<Tensor> run = Trace.record(() -> x.mul(2).add(1).reshape(3, 2));
        Tensor y = run.result();
        List<TracedOp> ops = run.ops();
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
        Trace.Recording<Tensor> run = Trace.record(() -> linear.forward(norm.forward(x)));
        Tensor y = run.result();
        List<TracedOp> ops = run.ops();
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
    void nothingIsRecordedOutsideATraceOrOnAnotherThread() {
        assertFalse(Trace.isRecording());
        Tracing.record("add", Tensor.ones(1), Tensor.ones(1));
        Trace.Recording<Boolean> run = Trace.record(() -> {
            Thread other = new Thread(() -> Tensor.ones(2).add(1));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            var nested = assertThrows(IllegalStateException.class, () -> Trace.record(() -> null));
            assertTrue(nested.getMessage().contains("do not nest"), nested.getMessage());
            Tensor x = Tensor.ones(2);
            x.to(dev.kiln.tensor.DType.FLOAT32);   // returns x itself: nothing to record
            return Trace.isRecording();
        });
        assertTrue(run.result());
        assertTrue(run.ops().isEmpty(), run.ops().toString());
        assertFalse(Trace.isRecording());
    }

    @Test
    void aFailingComputationLeavesNoTraceBehind() {
        var e = assertThrows(ArithmeticException.class, () -> Trace.record(() -> {
            Tensor.ones(2).add(1);
            throw new ArithmeticException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertFalse(Trace.isRecording());
        assertEquals(List.of("affine"), Trace.record(() -> Tensor.ones(2).add(1)).ops().stream().map(TracedOp::name).toList());
    }
}
