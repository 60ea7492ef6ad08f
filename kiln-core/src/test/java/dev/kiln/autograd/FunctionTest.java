package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FunctionTest {
    /** swish(x) = x·σ(x); swish'(x) = σ(x)·(1 + x·(1 − σ(x))). */
    static class Swish extends Function {
        int backwardCalls;

        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor s = x.sigmoid();
            ctx.saveForBackward(x, s);
            return x.mul(s);
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor g) {
            backwardCalls++;
            Tensor[] saved = ctx.savedTensors();
            Tensor x = saved[0];
            Tensor s = saved[1];
            return new Tensor[] {g.mul(s.mul(x.mul(s.rsub(1)).add(1)))};
        }
    }

    /** a·x + b with a scalar attribute kept in the context; b may be absent. */
    static class ScaleShift extends Function {
        private final double a;

        ScaleShift(double a) {
            this.a = a;
        }

        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            ctx.put("a", a);
            return in[1] == null ? in[0].mul(a) : in[0].mul(a).add(in[1]);
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor g) {
            double scale = ctx.get("a");
            return new Tensor[] {ctx.needsInputGrad(0) ? g.mul(scale) : null, ctx.needsInputGrad(1) ? g : null};
        }
    }

    @Test
    void swishMatchesComposedOpsInValueAndGradient() {
        Tensor x1 = Tensor.randn(new Generator(7), 4, 5).requiresGrad(true);
        Tensor x2 = x1.detach().clone().requiresGrad(true);
        Tensor y1 = new Swish().apply(x1);
        Tensor y2 = x2.mul(x2.sigmoid());
        assertArrayEquals(y2.toFloatArray(), y1.toFloatArray(), 1e-6f);
        Tensor u = Tensor.randn(new Generator(8), 4, 5);
        y1.backward(u);
        y2.backward(u);
        assertArrayEquals(x2.grad().toFloatArray(), x1.grad().toFloatArray(), 1e-5f);
        assertEquals("SwishBackward", y1.gradFn().name());
    }

    @Test
    void swishGradCheck() {
        Tensor x = Tensor.randn(new Generator(3), 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Swish swish = new Swish();
        GradCheck.check(in -> swish.apply(in[0]), x);
        assertEquals(1, swish.backwardCalls, "GradCheck back-propagates once; the perturbations run without grad");
    }

    @Test
    void forwardDoesNotRecordAndSwishInsideAGraph() {
        Tensor x = Tensor.randn(new Generator(5), 6).to(DType.FLOAT64).requiresGrad(true);
        // The custom op composed with built-in ones on both sides.
        GradCheck.check(in -> new Swish().apply(in[0].mul(2).sin()).exp().mul(in[0]), x);
    }

    @Test
    void optionalInputsAndNeedsInputGrad() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        Tensor b = Tensor.of(10.0);
        Tensor y = new ScaleShift(3).apply(x, b);
        assertArrayEquals(new double[] {13, 16, 19}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {3, 3, 3}, x.grad().toDoubleArray());
        assertNull(b.grad());

        Tensor bias = Tensor.of(0.5).requiresGrad(true);
        Tensor z = new ScaleShift(-1).apply(x.detach(), bias);
        z.sum().backward();
        assertArrayEquals(new double[] {3}, bias.grad().toDoubleArray(), "the broadcast gradient is summed back to the input's shape");

        Tensor w = new ScaleShift(2).apply(x, null);
        w.sum().backward();
        assertArrayEquals(new double[] {5, 5, 5}, x.grad().toDoubleArray());
    }

    @Test
    void noNodeWithoutGradOrUnderNoGrad() {
        Tensor plain = Tensor.randn(new Generator(1), 3);
        Tensor y = new Swish().apply(plain);
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        Tensor x = Tensor.randn(new Generator(1), 3).requiresGrad(true);
        try (var _ = GradMode.disabled()) {
            Tensor z = new Swish().apply(x);
            assertFalse(z.requiresGrad());
        }
    }

    @Test
    void returningAnInputLeavesTheInputALeaf() {
        Function identity = new Function() {
            @Override
            protected Tensor forward(FunctionContext ctx, Tensor... in) {
                return in[0];
            }

            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                return new Tensor[] {g.mul(2)};
            }
        };
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = identity.apply(x);
        assertTrue(x.isLeaf());
        assertTrue(x.sharesStorage(y));
        y.sum().backward();
        assertArrayEquals(new float[] {2, 2}, x.grad().toFloatArray());
        assertEquals("FunctionBackward", y.gradFn().name(), "an anonymous subclass is named after Function");
    }

    @Test
    void savedTensorModifiedInPlaceFailsNamingTheFunction() {
        Tensor x = Tensor.randn(new Generator(2), 3).requiresGrad(true);
        Tensor h = x.mul(1);
        Tensor y = new Swish().apply(h);
        try (var _ = GradMode.disabled()) {
            h.add_(1);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("SwishBackward: one of the tensors needed for gradient computation has been modified"),
                e.getMessage());
    }

    @Test
    void savedTensorsAreFreedWithoutRetainGraph() {
        Tensor x = Tensor.randn(new Generator(2), 3).requiresGrad(true);
        Tensor s = new Swish().apply(x).sum();
        s.backward(null, true);
        s.backward(null, true);
        Tensor once = Tensor.randn(new Generator(2), 3).requiresGrad(true);
        Tensor expected = once.mul(once.sigmoid());
        expected.sum().backward();
        assertArrayEquals(once.grad().mul(2).toFloatArray(), x.grad().toFloatArray(), 1e-5f);
        s.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void badBackwardResultsGetClearErrors() {
        Function wrongCount = new Swish() {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                return new Tensor[] {g, g};
            }

            @Override
            public String name() {
                return "WrongCount";
            }
        };
        Tensor x = Tensor.randn(new Generator(4), 2, 3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrongCount.apply(x).sum().backward());
        assertEquals("WrongCountBackward: backward returned 2 gradients for 1 inputs (return one entry per input, null where there is none)",
                e.getMessage());

        Function wrongShape = new Swish() {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                return new Tensor[] {Tensor.ones(2, 4)};
            }
        };
        e = assertThrows(IllegalStateException.class, () -> wrongShape.apply(x).sum().backward());
        assertTrue(e.getMessage().contains("shape [2, 4] for input 0 of shape [2, 3]"), e.getMessage());
    }

    @Test
    void gradientIsCastToTheInputType() {
        Function doubleGrad = new Swish() {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                return new Tensor[] {g.to(DType.FLOAT64)};
            }
        };
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        doubleGrad.apply(x).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {1, 1}, x.grad().toFloatArray());
    }

    /** x³ with a backward written from the saved input only, so that it can be differentiated again. */
    static final class Cube extends Function {
        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor g) {
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[] {g.mul(x.square()).mul(3)};
        }
    }

    @Test
    void backwardWithCreateGraphCanBeDifferentiatedAgain() {
        Tensor x = Tensor.of(1.0, -2.0, 0.5).requiresGrad(true);
        Tensor y = new Cube().apply(x).sum();
        Autograd.backward(y, Tensor.scalar(DType.FLOAT64, 1), GradOptions.DEFAULT.createGraph(true));
        Tensor first = x.grad();
        assertArrayEquals(new double[] {3, 12, 0.75}, first.toDoubleArray(), 1e-12);
        assertTrue(first.requiresGrad(), "with createGraph the gradient carries a graph");
        x.setGrad(null);
        first.sum().backward();
        assertArrayEquals(new double[] {6, -12, 3}, x.grad().toDoubleArray(), 1e-12);
    }

    /** ln x, element-wise, as a custom function. */
    static final class LogFn extends Function {
        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].log();
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor g) {
            return new Tensor[] {g.div(ctx.savedTensors()[0])};
        }
    }

    @Test
    void anomalyModeNamesTheCustomFunction() {
        Tensor x = Tensor.of(-1f, 2f).requiresGrad(true);
        try (var _ = AnomalyMode.enabled()) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> new LogFn().apply(x));
            assertEquals("anomaly: LogFnBackward produced NaN in its forward output (input shapes [2])", e.getMessage());
            Tensor z = Tensor.of(0f, 2f).requiresGrad(true);
            Tensor y = new LogFn().apply(z.add(1)).sum();
            assertEquals(Math.log(3), y.item(), 1e-6);
            Tensor w = Tensor.of(0f, 1f).requiresGrad(true);
            Tensor bad = new LogFn().apply(w.add(1)).mul(0).add(w.sqrt()).sum();
            e = assertThrows(ArithmeticException.class, bad::backward);
            assertTrue(e.getMessage().startsWith("anomaly: sqrtBackward produced Infinity in its backward"), e.getMessage());
        }
    }

    @Test
    void twoInputGradCheck() {
        Tensor x = Tensor.randn(new Generator(9), 2, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.randn(new Generator(10), 3).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> new ScaleShift(-0.7).apply(in[0], in[1]).mul(in[0]), x, b);
    }

    @Test
    void saveForBackwardOnlyInForward() {
        Function misuse = new Swish() {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                ctx.saveForBackward(g);
                return new Tensor[] {g};
            }
        };
        Tensor x = Tensor.of(1f).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> misuse.apply(x).sum().backward());
        assertEquals("saveForBackward: call it in forward, not in backward", e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new ScaleShift(1) {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor g) {
                ctx.get("b");
                return new Tensor[2];
            }
        }.apply(x, null).sum().backward());
        assertEquals("FunctionContext: nothing was put under 'b'", missing.getMessage());
    }
}
