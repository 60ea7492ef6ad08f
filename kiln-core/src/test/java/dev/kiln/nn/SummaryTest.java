package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Sequential mlp() {
        return new Sequential(new Linear(784, 512), new TestModules.Relu(), new Linear(512, 256), new TestModules.Relu(),
                new Linear(256, 10));
    }

    @Test
    void parameterCountOfA784x512x256x10Mlp() {
        // (784·512 + 512) + (512·256 + 256) + (256·10 + 10)
        long expected = 784L * 512 + 512 + 512L * 256 + 256 + 256L * 10 + 10;
        assertEquals(535_818, expected);
        assertEquals(expected, mlp().parameterCount());
    }

    /** Needs matmul (Linear's forward). */
    @Test
    void summaryOfTheMlp() {
        var model = mlp();
        Summary s = model.summary(1, 784);
        System.out.println(s);
        assertEquals(535_818, s.totalParams());
        assertEquals(535_818, s.trainableParams());
        assertEquals(0, s.frozenParams());
        assertEquals(List.of("", "0", "1", "2", "3", "4"), s.rows().stream().map(Summary.Row::name).toList());
        assertEquals(List.of(0, 1, 1, 1, 1, 1), s.rows().stream().map(Summary.Row::depth).toList());
        assertArrayEquals(new int[] {1, 10}, s.rows().get(0).outputShape());
        assertArrayEquals(new int[] {1, 512}, s.rows().get(1).outputShape());
        assertArrayEquals(new int[] {1, 256}, s.rows().get(4).outputShape());
        assertArrayEquals(new int[] {1, 10}, s.rows().get(5).outputShape());
        assertEquals(401_920, s.rows().get(1).params());
        assertEquals(0, s.rows().get(2).params());
        String text = s.toString();
        assertTrue(text.contains("Total params: 535,818"), text);
        assertTrue(text.contains("├─0 (Linear)") && text.contains("401,920"), text);

        model.freeze("0.*");
        Summary frozen = model.summary(1, 784);
        assertEquals(401_920, frozen.frozenParams());
        assertEquals(535_818 - 401_920, frozen.trainableParams());
        assertTrue(frozen.toString().contains("Non-trainable params: 401,920"), frozen.toString());
    }

    @Test
    void summaryWithAnIndexInput() {
        var model = new Sequential(new Embedding(100, 8), new Flatten(), new Dropout(0.5));
        Summary s = Summary.of(model, Tensor.zeros(dev.kiln.tensor.DType.INT64, 2, 5));
        assertArrayEquals(new int[] {2, 5, 8}, s.rows().get(1).outputShape());
        assertArrayEquals(new int[] {2, 40}, s.rows().get(3).outputShape());
        assertEquals(800, s.totalParams());
        assertTrue(model.isTraining(), "summary restores the mode");
        model.get(2).eval();
        model.summary(Tensor.zeros(dev.kiln.tensor.DType.INT64, 2, 5));
        assertTrue(model.isTraining() && model.get(0).isTraining() && !model.get(2).isTraining(), "each module's own mode");
    }

    /** A custom module that runs its children through forward: they are inside its row, and a container's children still appear. */
    @Test
    void childrenRunThroughForwardAreInsideTheirCallersRow() {
        var net = new TestModules.Net();
        Summary s = Summary.of(net, Tensor.zeros(dev.kiln.tensor.DType.INT64, 3));
        // Net.forward calls features.forward, bn.forward and head.forward directly: only the Sequential's children are hooked
        assertEquals(List.of("", "features.0", "features.1", "features.2", "features.3"),
                s.rows().stream().map(Summary.Row::name).toList());
        assertEquals(List.of(0, 1, 1, 1, 1), s.rows().stream().map(Summary.Row::depth).toList());
        assertArrayEquals(new int[] {3, 4}, s.rows().get(0).outputShape());
        assertEquals(40 + 8 + 8 + 40, s.rows().get(0).params());
        assertEquals(40 + 8 + 8 + 40, s.totalParams());
        assertTrue(s.toString().contains("├─features.0 (Embedding)"), s.toString());
    }

    /** y = x + fc2(relu(fc1(x))): a block with a residual connection, used twice, in a custom network. */
    static final class Block extends Module {
        final Linear fc1 = registerModule("fc1", new Linear(6, 12));
        final Linear fc2 = registerModule("fc2", new Linear(12, 6));

        @Override
        public Tensor forward(Tensor x) {
            return x.add(fc2.call(fc1.call(x).relu()));
        }
    }

    static final class ResidualNet extends Module {
        final Linear input = registerModule("input", new Linear(4, 6));
        final Block block = registerModule("block", new Block());
        final Sequential head = registerModule("head", new Sequential(new Linear(6, 3), new Flatten()));

        @Override
        public Tensor forward(Tensor x) {
            return head.call(block.call(block.call(input.call(x))));
        }
    }

    @Test
    void customModuleWithAResidualConnectionShowsItsChildrenNested() {
        var net = new ResidualNet();
        Summary s = net.summary(2, 4);
        System.out.println(s);
        assertEquals(List.of("", "input", "block", "block.fc1", "block.fc2", "block", "block.fc1", "block.fc2", "head",
                "head.0", "head.1"), s.rows().stream().map(Summary.Row::name).toList());
        assertEquals(List.of(0, 1, 1, 2, 2, 1, 2, 2, 1, 2, 2), s.rows().stream().map(Summary.Row::depth).toList());
        assertEquals(List.of("[2, 3]", "[2, 6]", "[2, 6]", "[2, 12]", "[2, 6]", "[2, 6]", "[2, 12]", "[2, 6]", "[2, 3]",
                "[2, 3]", "[2, 3]"), s.rows().stream().map(r -> java.util.Arrays.toString(r.outputShape())).toList());
        long block = 6 * 12 + 12 + 12 * 6 + 6;
        assertEquals(block, s.rows().get(2).params());
        assertEquals(4 * 6 + 6 + block + 6 * 3 + 3, s.rows().get(0).params());
        assertEquals(s.rows().get(0).params(), s.totalParams(), "the block used twice counts once");
        String text = s.toString();
        assertTrue(text.contains("├─block (Block)") && text.contains("│ ├─fc1 (Linear)"), text);
        // the hooks are gone after the summary
        for (Module m : net.modules()) {
            assertTrue(!m.hasForwardHooks(), m.getClass().getSimpleName());
        }
    }

    @Test
    void forwardHooksSeeInputAndOutputAndAreRemovable() {
        var fc = new Linear(3, 2);
        List<String> seen = new java.util.ArrayList<>();
        HookHandle pre = fc.registerForwardPreHook((m, in) -> seen.add("pre " + java.util.Arrays.toString(in.shape())));
        HookHandle post = fc.registerForwardHook((m, in, out) -> seen.add((m == fc) + " " + java.util.Arrays.toString(out.shape())));
        fc.call(Tensor.zeros(5, 3));
        fc.forward(Tensor.zeros(5, 3));   // forward itself runs no hooks, as in PyTorch
        assertEquals(List.of("pre [5, 3]", "true [5, 2]"), seen);
        pre.remove();
        post.remove();
        post.remove();   // a second removal does nothing
        fc.call(Tensor.zeros(1, 3));
        assertEquals(2, seen.size());
        ForwardHook twice = (m, in, out) -> seen.add("twice");
        HookHandle first = fc.registerForwardHook(twice);
        fc.registerForwardHook(twice);
        first.remove();
        first.remove();
        fc.call(Tensor.zeros(1, 3));
        assertEquals(List.of("pre [5, 3]", "true [5, 2]", "twice"), seen, "one registration removed, the other still runs");
    }

    @Test
    void aHookedReluInASequentialIsCalledEvenAfterALinear() {
        var relu = new dev.kiln.nn.activation.ReLU();
        var model = new Sequential(new Linear(3, 4), relu);
        int[] calls = {0};
        relu.registerForwardHook((m, in, out) -> calls[0]++);
        model.call(Tensor.ones(2, 3));
        assertEquals(1, calls[0]);
    }
}
