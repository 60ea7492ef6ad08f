package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.Workspace;
import dev.kiln.nn.AdaptiveAvgPool2d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.zoo.BasicBlock;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The arrays of forward outputs lent by the {@link Workspace} inside the library's own modules
 * ({@link ForwardArrays}) and taken back after the backward pass: a training step must compute exactly
 * what it computes with plain arrays, reuse every large array from its third step on, and never reuse
 * an array that code outside the library may still read — a tensor a user keeps (through a hook, a
 * module of their own, the model's result, a direct {@code forward} call) keeps its values, and an
 * in-place change of a saved output is still refused.
 *
 * <p>Batch 4 of 3×32×32 images: the activations (4×8×32×32 and 4×16×16×16) have at least
 * {@link Workspace#MIN_LENGTH} elements, so that they are lent.
 */
class ForwardArrayReuseTest {
    private static final int BATCH = 4;

    /** A small ResNet: stem Conv–BN–ReLU, two basic blocks (the second one strided), pool, linear. */
    private static Sequential resnet() {
        Sequential m = new Sequential(new Conv2d(3, 8, 3, Conv2d.Options.defaults().withPadding(1).withBias(false)),
                new BatchNorm2d(8), ReLU.inPlace(), new BasicBlock(8, 8, 1), new BasicBlock(8, 16, 2),
                new AdaptiveAvgPool2d(1), new Flatten(), new Linear(16, 4));
        initialise(m, 5);
        return m;
    }

    private static void initialise(Module m, long seed) {
        Generator init = new Generator(seed);
        for (Tensor p : m.parameters()) {
            try (var off = GradMode.disabled()) {
                p.copy_(Tensor.randn(init, p.shape()).mul(0.2));
            }
        }
    }

    /** Batch {@code step} of a fixed stream: images and class indices. */
    private static Tensor[] batch(int step) {
        Generator g = new Generator(100 + step);
        return new Tensor[] {Tensor.randn(g, BATCH, 3, 32, 32), Tensor.randint(g, 0, 4, BATCH)};
    }

    /** A workspace holding NaN arrays of the activations' lengths, as stale buffers would be. */
    private static Workspace poisoned() {
        Workspace ws = new Workspace();
        ws.run(() -> {
            for (int n : new int[] {BATCH * 8 * 32 * 32, BATCH * 16 * 16 * 16}) {
                for (int k = 0; k < 8; k++) {
                    float[] a = new float[n];
                    Arrays.fill(a, Float.NaN);
                    Workspace.recycle(a);
                }
            }
        });
        return ws;
    }

    /** The losses of {@code steps} SGD steps of {@code m} in {@code ws}, then the parameters. */
    private static float[][] train(Module m, Workspace ws, int steps, Function<Tensor, Tensor> forward) {
        SGD opt = new SGD(m.parameters(), SGD.Options.of(0.05).withMomentum(0.9));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        List<float[]> out = new ArrayList<>();
        float[] losses = new float[steps];
        for (int step = 0; step < steps; step++) {
            Tensor[] b = batch(step);
            int s = step;
            ws.run(() -> {
                opt.zeroGrad();
                Tensor loss = lossFn.forward(forward.apply(b[0]), b[1]);
                loss.backward();
                opt.step();
                losses[s] = (float) loss.item();
            });
        }
        out.add(losses);
        for (Tensor p : m.parameters()) {
            out.add(p.toFloatArray());
        }
        return out.toArray(float[][]::new);
    }

    @Test
    void trainingStepsAreBitIdenticalWithAndWithoutLentArrays() {
        Sequential a = resnet();
        Sequential b = resnet();
        float[][] lent = train(a, poisoned(), 4, a::call);
        float[][] plain = train(b, Workspace.withoutReuse(), 4, b::call);
        for (int i = 0; i < lent.length; i++) {
            assertArrayEquals(plain[i], lent[i], i == 0 ? "losses" : "parameter " + (i - 1));
        }
    }

    @Test
    void fromTheThirdStepOnATrainingStepAllocatesNoLargeArray() {
        Sequential m = resnet();
        Workspace ws = new Workspace();
        train(m, ws, 2, m::call);
        Workspace.Stats before = ws.stats();
        train(m, ws, 2, m::call);
        Workspace.Stats after = ws.stats();
        long taken = after.taken() - before.taken();
        long reused = after.reused() - before.reused();
        assertTrue(taken > 20, "the steps take their large arrays from the workspace: " + taken);
        assertEquals(taken, reused, "every large array of steps 3 and 4 comes from the workspace");
    }

    @Test
    void outputsAreLentOnlyInsideLibraryModulesCalledByLibraryModules() {
        Sequential m = resnet();
        Module stem = m.children().get(0);
        Tensor[] seen = new Tensor[1];
        stem.registerForwardHook((module, in, out) -> seen[0] = out);
        Tensor x = batch(0)[0];
        Workspace ws = new Workspace();
        ws.run(() -> m.call(x));
        assertNotNull(TensorInternals.storage(seen[0]).loan(), "the stem's output is lent");
        ws.run(() -> {
            Tensor y = stem.call(x);
            assertNull(TensorInternals.storage(y).loan(), "a layer called by the user computes into an array of its own");
            Tensor r = Activations.relu(x.requiresGrad(true).mul(2).repeat(1, 8, 1, 1));
            assertNull(TensorInternals.storage(r).loan(), "an op called by the user computes into an array of its own");
        });
        Tensor outside = m.children().get(3).call(seen[0]);
        assertNull(TensorInternals.storage(outside).loan(), "nothing is lent without a workspace");
    }

    @Test
    void aTensorKeptByAForwardHookKeepsItsValues() {
        Sequential m = resnet();
        List<Tensor> kept = new ArrayList<>();
        m.children().get(3).registerForwardHook((module, in, out) -> {
            if (kept.isEmpty()) {
                kept.add(in);
                kept.add(out);
            }
        });
        assertKeptValuesSurvive(m, m::call, kept);
    }

    @Test
    void theModelsResultKeepsItsValues() {
        // no pooling head: the result is a block's output, computed into a lent array
        assertKeptResultsUnchanged(m -> m::call);
    }

    @Test
    void aDirectForwardCallKeepsItsResult() {
        assertKeptResultsUnchanged(m -> m::forward);
    }

    /** A stem and one basic block: the model's result is an activation-sized block output. */
    private static Sequential trunk(long seed) {
        Sequential m = new Sequential(new Conv2d(3, 8, 3, Conv2d.Options.defaults().withPadding(1).withBias(false)),
                new BatchNorm2d(8), ReLU.inPlace(), new BasicBlock(8, 8, 1));
        initialise(m, seed);
        return m;
    }

    /**
     * Four steps (forward through {@code how}, backward) in one workspace, keeping each step's result: each
     * must equal the result of the same step of a fresh copy of the model run without any workspace.
     */
    private static void assertKeptResultsUnchanged(Function<Sequential, Function<Tensor, Tensor>> how) {
        Sequential m = trunk(6);
        Function<Tensor, Tensor> forward = how.apply(m);
        List<Tensor> kept = new ArrayList<>();
        Workspace ws = new Workspace();
        for (int step = 0; step < 4; step++) {
            Tensor x = batch(step)[0];
            ws.run(() -> {
                Tensor y = forward.apply(x);
                y.square().mean().backward();
                kept.add(y);
            });
        }
        Sequential fresh = trunk(6);
        for (int step = 0; step < kept.size(); step++) {
            Tensor y = fresh.forward(batch(step)[0]);
            y.square().mean().backward();
            assertArrayEquals(y.toFloatArray(), kept.get(step).toFloatArray(), "the result of step " + step);
        }
    }

    /** A user's module that keeps what its library layers computed, and its own input. */
    private static final class Keeper extends Module {
        private final Conv2d conv = registerModule("conv", new Conv2d(8, 8, 3, Conv2d.Options.defaults().withPadding(1)));
        private final BatchNorm2d bn = registerModule("bn", new BatchNorm2d(8));
        final List<Tensor> kept = new ArrayList<>();

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = conv.call(x);
            if (kept.isEmpty()) {
                kept.add(x);
                kept.add(h);
            }
            return bn.call(h);
        }
    }

    @Test
    void aUsersModuleInsideALibraryContainerKeepsItsInputAndIntermediates() {
        Keeper keeper = new Keeper();
        Sequential m = new Sequential(new Conv2d(3, 8, 3, Conv2d.Options.defaults().withPadding(1).withBias(false)),
                new BatchNorm2d(8), new BasicBlock(8, 8, 1), keeper, ReLU.inPlace(), new BasicBlock(8, 16, 2),
                new AdaptiveAvgPool2d(1), new Flatten(), new Linear(16, 4));
        initialise(m, 7);
        assertFalse(ForwardArrays.isLibraryClass(Keeper.class), "a test's module is a user's module");
        assertTrue(ForwardArrays.isLibraryClass(BasicBlock.class));
        assertFalse(ForwardArrays.isLibraryClass(new Sequential() { }.getClass()), "a user's subclass of a library module");
        assertKeptValuesSurvive(m, m::call, keeper.kept);
    }

    /** Trains 4 steps; what {@code kept} holds after the first must be unchanged after the last. */
    private static void assertKeptValuesSurvive(Module m, Function<Tensor, Tensor> forward, List<Tensor> kept) {
        Workspace ws = new Workspace();
        train(m, ws, 1, forward);
        assertFalse(kept.isEmpty());
        List<float[]> snapshot = kept.stream().map(Tensor::toFloatArray).toList();
        train(m, ws, 3, forward);
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(snapshot.get(i), kept.get(i).toFloatArray(), "kept tensor " + i);
        }
    }

    @Test
    void aLentOutputChangedInPlaceAfterBeingSavedIsStillRefused() {
        Tensor x = Tensor.randn(new Generator(3), BATCH, 8, 32, 32).requiresGrad(true);
        Tensor w = Tensor.randn(new Generator(4), BATCH, 8, 32, 32).requiresGrad(true);
        Workspace ws = new Workspace();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ws.run(() -> {
            Tensor s = ForwardArrays.within(true, true, () -> {
                Tensor y = Activations.relu(x);
                assertNotNull(TensorInternals.storage(y).loan(), "lent");
                Tensor z = y.mul(w); // saves y
                try (var off = GradMode.disabled()) {
                    y.add_(1);
                }
                return z;
            });
            s.sum().backward();
        }));
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
    }

    @Test
    void anOutputStillHeldByANodeOfAnotherGraphIsNotGivenBack() {
        // h feeds two products; the first loss's backward releases one of them, the second still needs h
        Tensor x = Tensor.randn(new Generator(4), BATCH, 8, 32, 32);
        Tensor w1 = Tensor.randn(new Generator(5), BATCH, 8, 32, 32).requiresGrad(true);
        Tensor w2 = Tensor.randn(new Generator(6), BATCH, 8, 32, 32).requiresGrad(true);
        float[] expected = Activations.relu(x).toFloatArray();
        Workspace ws = new Workspace();
        ws.run(() -> {
            Tensor[] pair = new Tensor[2];
            ForwardArrays.within(true, true, () -> {
                Tensor h = Activations.relu(x.add(0));
                assertNotNull(TensorInternals.storage(h).loan(), "lent");
                pair[0] = h.mul(w1).sum();
                pair[1] = h.mul(w2).sum();
                return h;
            });
            pair[0].backward();
            // take every kept array of h's length: were h's array given back, it is now overwritten
            for (int k = 0; k < 8; k++) {
                Arrays.fill(Workspace.floats(expected.length), Float.NaN);
            }
            pair[1].backward();
        });
        assertArrayEquals(expected, w2.grad().toFloatArray(), "d(sum(h·w2))/dw2 = h");
    }
}
