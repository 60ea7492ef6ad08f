package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.Workspace;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.functional.Pooling;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The engine's reuse of gradient buffers (exclusive gradients handed on, overwritten in place by
 * point-wise backward, recycled into the bound {@link Workspace}) must never change a result: every
 * graph here is back-propagated with reuse on — in a workspace filled with NaN arrays of the
 * graph's gradient sizes, so that a kernel that leaves an element unwritten or a buffer recycled
 * while still in use shows up — and under {@link Workspace#withoutReuse()}, and the gradients must
 * agree bit for bit; each graph is also checked against the same graph in float64.
 *
 * <p>The tensors have at least {@link Workspace#MIN_LENGTH} elements, so that their gradients
 * do go through the workspace.
 */
class GradientBufferReuseTest {
    private static final int N = 4, C = 4, H = 32, W = 32;
    private static final int SIZE = N * C * H * W;

    /** A workspace holding NaN arrays of these lengths (four of each), as stale buffers would be. */
    private static Workspace poisoned(int... lengths) {
        Workspace ws = new Workspace();
        ws.run(() -> {
            for (int n : lengths) {
                for (int k = 0; k < 4; k++) {
                    float[] a = new float[n];
                    Arrays.fill(a, Float.NaN);
                    Workspace.recycle(a);
                }
            }
        });
        return ws;
    }

    /** The gradients of the leaves after {@code loss(leaves).backward()}, with buffer reuse on or off. */
    private static float[][] gradients(boolean reuse, long seed, int[][] shapes, Function<Tensor[], Tensor> loss,
            int... poison) {
        Tensor[] leaves = leaves(seed, shapes, DType.FLOAT32);
        Workspace ws = reuse ? poisoned(poison) : Workspace.withoutReuse();
        ws.run(() -> loss.apply(leaves).backward());
        float[][] out = new float[leaves.length][];
        for (int i = 0; i < leaves.length; i++) {
            out[i] = leaves[i].grad().toFloatArray();
        }
        return out;
    }

    private static Tensor[] leaves(long seed, int[][] shapes, DType type) {
        Generator g = new Generator(seed);
        Tensor[] t = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            t[i] = Tensor.randn(g, shapes[i]).to(type).requiresGrad(true);
        }
        return t;
    }

    /** Reuse on and off agree bit for bit, and agree with float64 to float32 accuracy. */
    private static void assertReuseInvisible(long seed, int[][] shapes, Function<Tensor[], Tensor> loss, int... poison) {
        float[][] on = gradients(true, seed, shapes, loss, poison);
        float[][] off = gradients(false, seed, shapes, loss, poison);
        Tensor[] wide = leaves(seed, shapes, DType.FLOAT64);
        loss.apply(wide).backward();
        for (int i = 0; i < on.length; i++) {
            assertArrayEquals(off[i], on[i], "leaf " + i + ": reuse on vs off");
            double[] ref = wide[i].grad().toDoubleArray();
            double scale = 0;
            for (double v : ref) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < ref.length; j++) {
                assertEquals(ref[j], on[i][j], 1e-4 * scale + 1e-6, "leaf " + i + " element " + j + " vs float64");
            }
        }
    }

    /** A fixed weighting, so that the gradient reaching the graph is not uniform: sum(t · w). */
    private static Tensor weighted(Tensor t) {
        Tensor w = Tensor.randn(new Generator(99), t.shape()).to(t.dtype());
        return t.mul(w).sum();
    }

    @Test
    void addPassesOneGradientToTwoBranchesThatEachRunPointwiseBackward() {
        // relu(u + v): add's backward hands relu's (exclusive) gradient to both branches; each branch's
        // point-wise backward would overwrite it in place if the engine let both believe they own it
        assertReuseInvisible(1, new int[][] {{N, C, H, W}}, in -> {
            Tensor x = in[0];
            Tensor u = Activations.relu(x.mul(1.5));
            Tensor v = Activations.sigmoid(x.mul(-0.5));
            return weighted(Activations.relu(u.add(v)));
        }, SIZE);
    }

    @Test
    void subAndTheSameTensorUsedTwice() {
        // h feeds two point-wise ops (fan-out: their gradients meet and are summed at h), and
        // sub passes the gradient unchanged to one side
        assertReuseInvisible(2, new int[][] {{N, C, H, W}}, in -> {
            Tensor h = Activations.relu(in[0]);
            Tensor d = Activations.tanh(h).sub(Activations.relu(h.mul(0.5)));
            return weighted(Activations.relu(d).add(Activations.gelu(h)));
        }, SIZE);
    }

    @Test
    void addOfATensorWithItself() {
        assertReuseInvisible(3, new int[][] {{N, C, H, W}}, in -> {
            Tensor h = Activations.relu(in[0]);
            return weighted(Activations.relu(h.add(h)));
        }, SIZE);
    }

    @Test
    void viewsBetweenPointwiseOps() {
        // reshape/flatten views of an exclusive gradient, and a transpose (a non-contiguous view)
        assertReuseInvisible(4, new int[][] {{N, C, H, W}}, in -> {
            Tensor h = Activations.relu(in[0]).reshape(N * C, H * W);
            Tensor t = Activations.relu(h.mul(0.5).sub(0.1)).t();
            Tensor f = Activations.tanh(t).transpose(0, 1).reshape(N, C, H, W).flatten(1, 3);
            return weighted(Activations.relu(f).add(Activations.sigmoid(h.reshape(N, C * H * W))));
        }, SIZE);
    }

    @Test
    void poolingAndLinearLayers() {
        // max pooling 2×2 (odd size: the last row and column get no gradient), overlapping max and
        // average pooling (whose gradients do reach the last row and column) and linear layers,
        // with relu in between
        int[] xs = {N, C, 33, 35};
        assertReuseInvisible(5, new int[][] {xs, {24, C * 16 * 17}, {24}}, in -> {
            Tensor p = Pooling.maxPool2d(Activations.relu(in[0]), 2);
            Tensor q = Pooling.maxPool2d(Activations.relu(in[0].mul(-1)), new int[] {3}, new int[] {2}, new int[] {1},
                    new int[] {1}, false);
            Tensor a = Pooling.avgPool2d(Activations.relu(in[0].add(0.3)), new int[] {3}, new int[] {2}, new int[] {1},
                    false, true, null);
            Tensor s = p.add(a.narrow(2, 1, 16).narrow(3, 1, 17)).add(q.narrow(2, 0, 16).narrow(3, 0, 17));
            Tensor y = Layers.linear(Activations.relu(s).flatten(1, 3), in[1], in[2]);
            return weighted(Activations.relu(y));
        }, N * C * 33 * 35, N * C * 16 * 17);
    }

    @Test
    void maxPoolBackwardOfNegativeZeroGivesPositiveZeroAsAddingIntoZerosDoes() {
        Tensor x = Tensor.randn(new Generator(16), N, C, H + 1, W + 1).requiresGrad(true);
        Tensor y = Pooling.maxPool2d(x, 2);
        float[] negativeZeros = new float[y.numel()];
        Arrays.fill(negativeZeros, -0f);
        poisoned(N * C * (H + 1) * (W + 1)).run(() -> y.backward(Tensor.fromArray(negativeZeros, y.shape())));
        for (float v : x.grad().toFloatArray()) {
            assertEquals(0, Float.floatToRawIntBits(v));
        }
    }

    @Test
    void linearChainWithLargeActivations() {
        // the W2 pattern: linear → relu → linear, the input gradient of the second linear pooled
        assertReuseInvisible(6, new int[][] {{128, 200}, {160, 200}, {160}, {150, 160}, {150}}, in -> {
            Tensor h = Activations.relu(Layers.linear(in[0], in[1], in[2]));
            return weighted(Activations.relu(Layers.linear(h, in[3], in[4])));
        }, 128 * 200, 128 * 160, 128 * 150);
    }

    @Test
    void softmaxOverTheLastAndAnInnerDimension() {
        assertReuseInvisible(17, new int[][] {{N, C, H, W}}, in -> {
            Tensor a = Softmax.softmax(Activations.relu(in[0]), 1);
            Tensor b = Softmax.logSoftmax(in[0].mul(0.5), 3);
            return weighted(Activations.relu(a.add(b.mul(0.01))));
        }, SIZE);
    }

    @Test
    void retainedGraphBackpropagatedTwiceGivesTwiceTheGradient() {
        Tensor x = Tensor.randn(new Generator(7), N, C, H, W).requiresGrad(true);
        Tensor h = Activations.relu(x);
        Tensor s = weighted(Activations.relu(Pooling.maxPool2d(Activations.relu(h.add(h.mul(0.5))), 2)));
        poisoned(SIZE).run(() -> s.backward(null, true));
        float[] once = x.grad().toFloatArray();
        poisoned(SIZE).run(() -> s.backward(null, true));
        float[] twice = x.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(once[i] + once[i], twice[i], "element " + i);
        }
        x.setGrad(null);
        Workspace.withoutReuse().run(() -> s.backward(null, true));
        assertArrayEquals(once, x.grad().toFloatArray(), "reuse off");
    }

    @Test
    void secondOrderGradientsWithCreateGraph() {
        // y = Σ 2x³ built with a fan-out (a + a) and views; dy/dx = 6x²; d/dx Σ (dy/dx)² = 144 x³
        Tensor x = Tensor.randn(new Generator(8), N, C, H, W).requiresGrad(true);
        Tensor a = x.mul(x);
        Tensor y = a.add(a).reshape(N * C, H * W).mul(x.flatten(0, 1).reshape(N * C, H * W)).sum();
        Autograd.backward(y, y.onesLike(), GradOptions.DEFAULT.createGraph(true));
        Tensor gx = x.grad();
        assertTrue(gx.requiresGrad(), "createGraph keeps the gradient differentiable");
        x.setGrad(null);
        gx.mul(gx).sum().backward();
        float[] xv = x.toFloatArray();
        float[] g1 = gx.detach().toFloatArray();
        float[] g2 = x.grad().toFloatArray();
        for (int i = 0; i < xv.length; i++) {
            double v = xv[i];
            assertEquals(6 * v * v, g1[i], 1e-5 * (1 + 6 * v * v), "first order, element " + i);
            assertEquals(144 * v * v * v, g2[i], 1e-5 * (1 + Math.abs(144 * v * v * v)), "second order, element " + i);
        }
    }

    @Test
    void anAdoptedLeafGradientIsNeverOverwrittenByALaterBackward() {
        Tensor x = Tensor.randn(new Generator(9), N, C, H, W).requiresGrad(true);
        Workspace ws = poisoned(SIZE);
        ws.run(() -> weighted(Activations.relu(Activations.relu(x))).backward());
        Tensor kept = x.grad();
        float[] snapshot = kept.toFloatArray();
        assertFalse(TensorInternals.isExclusiveGrad(kept), "an adopted gradient is owned by its leaf");
        x.setGrad(null);
        // other graphs of the same sizes churn the workspace; the kept gradient must not be handed out
        Tensor y = Tensor.randn(new Generator(10), N, C, H, W).requiresGrad(true);
        for (int k = 0; k < 4; k++) {
            ws.run(() -> weighted(Activations.relu(Activations.tanh(Activations.relu(y))).add(Activations.relu(y))).backward());
            y.setGrad(null);
        }
        assertArrayEquals(snapshot, kept.toFloatArray());
        // and a leaf that keeps its adopted gradient accumulates a second graph's gradient into it
        weighted(Activations.relu(x)).backward();
        Tensor first = x.grad();
        float[] f = first.toFloatArray();
        weighted(Activations.relu(Activations.relu(y))).backward();
        weighted(Activations.relu(x.mul(2))).backward();
        Tensor x2 = x.detach().requiresGrad(true);
        weighted(Activations.relu(x2.mul(2))).backward();
        float[] second = x2.grad().toFloatArray();
        float[] total = x.grad().toFloatArray();
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i] + second[i], total[i], "element " + i);
        }
    }

    @Test
    void theCallersGradientIsNeverOverwritten() {
        // the gradient given to backward reaches relu's backward as itself and through views
        Tensor x = Tensor.randn(new Generator(14), N, C, H, W).requiresGrad(true);
        Tensor gradient = Tensor.randn(new Generator(15), N * C, H * W);
        float[] snapshot = gradient.toFloatArray();
        Tensor y = Activations.relu(Activations.relu(x)).reshape(N * C, H * W);
        poisoned(SIZE).run(() -> y.backward(gradient));
        assertArrayEquals(snapshot, gradient.toFloatArray(), "through a reshape");
        Tensor z = Activations.relu(x.mul(2)).reshape(N * C, H * W).t().t();
        z.backward(gradient);
        assertArrayEquals(snapshot, gradient.toFloatArray(), "through transposes");
        Tensor u = Activations.relu(x.reshape(N * C, H * W));
        u.backward(gradient);
        assertArrayEquals(snapshot, gradient.toFloatArray(), "into a leaf");
    }

    /** The identity, whose backward keeps every gradient it sees (user code may do that). */
    private static final class Stash extends dev.kiln.autograd.Function {
        final List<Tensor> seen = new ArrayList<>();

        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            return in[0];
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor g) {
            seen.add(g);
            return new Tensor[] {g};
        }
    }

    @Test
    void aUserFunctionMayKeepTheGradientItIsGiven() {
        Stash stash = new Stash();
        Tensor x = Tensor.randn(new Generator(11), N, C, H, W).requiresGrad(true);
        // relu's exclusive gradient reaches the function, whose output gradient reaches tanh's backward
        // (which would overwrite it in place if the engine passed it on as exclusive)
        Workspace ws = poisoned(SIZE);
        ws.run(() -> weighted(Activations.relu(stash.apply(Activations.tanh(x)))).backward());
        Tensor kept = stash.seen.get(0);
        float[] snapshot = kept.toFloatArray();
        Tensor y = Tensor.randn(new Generator(12), N, C, H, W).requiresGrad(true);
        for (int k = 0; k < 3; k++) {
            ws.run(() -> weighted(Activations.relu(Activations.relu(y))).backward());
        }
        assertArrayEquals(snapshot, kept.toFloatArray(), "the function's gradient was recycled or overwritten");
        float[] xs = x.toFloatArray();
        float[] w = Tensor.randn(new Generator(99), N, C, H, W).toFloatArray();
        float[] gx = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            double t = Math.tanh(xs[i]);
            assertEquals(xs[i] > 0 ? w[i] : 0f, snapshot[i], "element " + i);
            assertEquals(xs[i] > 0 ? w[i] * (1 - t * t) : 0, gx[i], 1e-6, "element " + i);
        }
    }

    @Test
    void lenetTrainingStepsAreBitIdenticalWithAndWithoutReuse() {
        float[][] on = train(poisoned(8 * 6 * 28 * 28, 8 * 16 * 10 * 10));
        float[][] off = train(Workspace.withoutReuse());
        for (int i = 0; i < on.length; i++) {
            assertArrayEquals(off[i], on[i], "parameter " + i);
        }
    }

    @Test
    void twoTrainingsAtOnceEachInItsWorkspaceMatchTheSequentialResult() throws Exception {
        float[][] sequential = train(new Workspace());
        float[][][] concurrent = new float[2][][];
        Thread[] threads = new Thread[2];
        Throwable[] failure = new Throwable[2];
        for (int t = 0; t < 2; t++) {
            int k = t;
            threads[t] = new Thread(() -> {
                try {
                    concurrent[k] = train(new Workspace());
                } catch (Throwable e) {
                    failure[k] = e;
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (int t = 0; t < 2; t++) {
            threads[t].join();
            if (failure[t] != null) {
                throw new AssertionError("training " + t + " failed", failure[t]);
            }
            for (int i = 0; i < sequential.length; i++) {
                assertArrayEquals(sequential[i], concurrent[t][i], "training " + t + ", parameter " + i);
            }
        }
    }

    @Test
    void aStepReusesItsOwnBuffersAndTheNextStepReusesMore() {
        Workspace ws = new Workspace();
        Generator init = new Generator(5);
        Sequential m = Models.lenet5(10);
        m.parameters().forEach(p -> {
            try (var off = GradMode.disabled()) {
                p.copy_(Tensor.randn(init, p.shape()).mul(0.1));
            }
        });
        Tensor x = Tensor.randn(new Generator(6), 8, 1, 28, 28);
        Tensor t = Tensor.randint(new Generator(7), 0, 10, 8);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        ws.run(() -> lossFn.forward(m.forward(x), t).backward());
        Workspace.Stats first = ws.stats();
        assertTrue(first.reused() > 0, "arrays reused within one step: " + first);
        ws.run(() -> lossFn.forward(m.forward(x), t).backward());
        Workspace.Stats both = ws.stats();
        long freshFirst = first.taken() - first.reused();
        long freshSecond = (both.taken() - first.taken()) - (both.reused() - first.reused());
        assertEquals(first.taken(), both.taken() - first.taken(), "the same arrays asked for in each step");
        assertTrue(freshSecond < freshFirst, "the second step allocates fewer fresh arrays: " + freshSecond + " vs " + freshFirst);
    }

    @Test
    void withNoWorkspaceBoundArraysAreFreshAndNothingIsKept() {
        float[] a = Workspace.floats(Workspace.MIN_LENGTH);
        Workspace.recycle(a);
        assertTrue(Workspace.current().isEmpty());
        Workspace ws = new Workspace();
        ws.run(() -> {
            Workspace.recycle(a);
            Workspace.recycle(a);
            assertTrue(Workspace.floats(Workspace.MIN_LENGTH) == a, "the kept array comes back");
            assertFalse(Workspace.floats(Workspace.MIN_LENGTH) == a, "and only once");
        });
        assertEquals(new Workspace.Stats(2, 1, 1, 0), ws.stats());
    }

    /** Three SGD steps of LeNet-5 on a batch of 8, each in {@code ws}; the parameters afterwards. */
    private static float[][] train(Workspace ws) {
        Generator init = new Generator(5);
        Sequential m = Models.lenet5(10);
        List<Tensor> params = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            try (var off = GradMode.disabled()) {
                p.copy_(Tensor.randn(init, p.shape()).mul(0.1));
            }
            params.add(p);
        }
        SGD opt = new SGD(params, new SGD.Options(0.05, 0.9, 0, 0, false, false));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Generator g = new Generator(13);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(g, 8, 1, 28, 28);
            Tensor t = Tensor.randint(g, 0, 10, 8);
            ws.run(() -> {
                opt.zeroGrad();
                lossFn.forward(m.forward(x), t).backward();
                opt.step();
            });
        }
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).toFloatArray();
        }
        return out;
    }
}
