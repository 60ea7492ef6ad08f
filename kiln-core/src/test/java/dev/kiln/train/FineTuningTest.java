package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.Adam;
import dev.kiln.optim.ParamGroupSpec;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading pretrained weights by prefix, replacing the head, freezing, discriminative learning rates, and a real fine-tune. */
class FineTuningTest {
    private static Sequential nested(String base, String head, int classes, long seed) {
        Sequential s = new Sequential();
        s.add(base, new Sequential(new Linear(4, 5, new Generator(seed)), new ReLU()));
        s.add(head, new Linear(5, classes, new Generator(seed + 1)));
        return s;
    }

    @Test
    void loadsByPrefixWithRewritingAndReportsMissingKeys() {
        Sequential source = nested("features", "classifier", 2, 1);
        Sequential target = nested("base", "head", 3, 10);
        float[] headBefore = target.get("head").namedParameters().get("weight").toFloatArray();
        FineTuning.LoadReport r = FineTuning.loadPretrained(target, source.stateDict(), "features.", "base.");
        assertEquals(List.of("base.0.weight", "base.0.bias"), r.loaded());
        assertEquals(List.of("head.weight", "head.bias"), r.missing());
        assertEquals(List.of(), r.unexpected());
        assertEquals(List.of(), r.mismatched());
        assertFalse(r.isComplete());
        assertArrayEquals(source.stateDict().get("features.0.weight").toFloatArray(), target.stateDict().get("base.0.weight").toFloatArray());
        assertArrayEquals(headBefore, target.get("head").namedParameters().get("weight").toFloatArray(), "the head is untouched");

        // everything under the same names: nothing fits, which is refused with both key lists
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FineTuning.loadPretrained(target, source.stateDict()));
        assertTrue(e.getMessage().contains("features.0.weight") && e.getMessage().contains("base.0.weight"), e.getMessage());

        // renaming everything: the differently-sized classifier is skipped as mismatched, an extra key is unexpected
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>(source.stateDict());
        weights.put("features.9.weight", Tensor.zeros(2, 2));
        Sequential same = nested("features", "classifier", 3, 20);
        FineTuning.LoadReport r2 = FineTuning.loadPretrained(same, weights);
        assertEquals(List.of("features.0.weight", "features.0.bias"), r2.loaded());
        assertEquals(List.of("classifier.weight", "classifier.bias"), r2.missing());
        assertEquals(List.of("features.9.weight"), r2.unexpected());
        assertEquals(2, r2.mismatched().size());
        assertTrue(r2.mismatched().get(0).startsWith("classifier.weight (checkpoint [2, 5], model [3, 5])"), r2.mismatched().get(0));
    }

    @Test
    void replaceHeadKeepsTheBaseAndItsNames() {
        Kiln.manualSeed(3);
        Sequential lenet = Models.lenet5(10);
        Sequential three = FineTuning.replaceHead(lenet, new Linear(84, 3));
        assertEquals(lenet.size(), three.size());
        assertEquals(lenet.namedChildren().keySet(), three.namedChildren().keySet());
        assertSame(lenet.get(0).namedParameters().get("weight"), three.get(0).namedParameters().get("weight"));
        assertArrayEquals(new int[] {3, 84}, three.namedParameters().get("11.weight").shape());
        try (var off = GradMode.disabled()) {
            assertArrayEquals(new int[] {2, 3}, three.forward(Tensor.zeros(2, 1, 28, 28)).shape());
        }
        assertThrows(IllegalArgumentException.class, () -> FineTuning.replaceHead(new Sequential(), new Linear(2, 2)));
    }

    @Test
    void freezeBaseUnfreezeTopAndParameterGroups() {
        Kiln.manualSeed(4);
        Sequential net = Models.lenet5(10);
        List<String> frozen = FineTuning.freezeBase(net);
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias"), frozen);
        assertTrue(net.namedParameters().get("11.weight").requiresGrad());
        List<ParamGroupSpec> headOnly = FineTuning.parameterGroups(net, 1e-3, 1e-4);
        assertEquals(1, headOnly.size());
        assertEquals(2, headOnly.get(0).params().size());

        assertEquals(List.of("9.weight", "9.bias", "11.weight", "11.bias"), FineTuning.unfreezeTop(net, 2));
        assertFalse(net.namedParameters().get("7.weight").requiresGrad());
        assertThrows(IllegalArgumentException.class, () -> FineTuning.unfreezeTop(net, 6));

        net.requiresGrad(true);
        Adam adam = new Adam(Adam.Options.of(1e-3), FineTuning.parameterGroups(net, 1e-3, 1e-4));
        assertEquals(2, adam.paramGroups().size());
        assertEquals(1e-3, adam.paramGroups().get(0).lr(), 0);
        assertEquals(2, adam.paramGroups().get(0).params().size());
        assertEquals(1e-4, adam.paramGroups().get(1).lr(), 0);
        assertEquals(8, adam.paramGroups().get(1).params().size());
    }

    /** The rows of {@code d} whose label is in [lo, hi), at most {@code max} of them, relabelled from 0. */
    private static TensorDataset digits(TensorDataset d, int lo, int hi, int max) {
        long[] y = d.targets().toLongArray();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < y.length && keep.size() < max; i++) {
            if (y[i] >= lo && y[i] < hi) {
                keep.add(i);
            }
        }
        Batch b = d.rows(keep.stream().mapToInt(Integer::intValue).toArray());
        long[] labels = b.targets().toLongArray();
        for (int i = 0; i < labels.length; i++) {
            labels[i] -= lo;
        }
        return new TensorDataset(b.inputs(), Tensor.fromArray(labels, labels.length));
    }

    @Test
    void featureExtractionOnNewDigitsTrainsOnlyTheHead() {
        Datasets.Split mnist = Datasets.mnist10k();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Kiln.manualSeed(5);
        Sequential pretrained = Models.lenet5(5);
        DataLoader first = DataLoader.builder(digits(mnist.train(), 0, 5, 8000)).batchSize(32).shuffle(true).seed(1).build();
        Trainer.builder(pretrained, ce::forward, new Adam(pretrained.parameters(), Adam.Options.of(2e-3))).epochs(2).build().fit(first, null);

        Sequential net = FineTuning.replaceHead(pretrained, new Linear(84, 5));
        FineTuning.freezeBase(net);
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
        Adam adam = new Adam(Adam.Options.of(1e-2), FineTuning.parameterGroups(net, 1e-2, 1e-4));
        DataLoader second = DataLoader.builder(digits(mnist.train(), 5, 10, 8000)).batchSize(32).shuffle(true).seed(2).build();
        Trainer trainer = Trainer.builder(net, ce::forward, adam).epochs(4).build();
        trainer.fit(second, null);

        EvalResult test = trainer.evaluate(DataLoader.builder(digits(mnist.test(), 5, 10, 1000)).batchSize(250).build());
        assertTrue(test.accuracy() > 0.8, "head-only accuracy on digits 5-9 " + test.accuracy() + " (chance 0.2)");
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            float[] now = e.getValue().toFloatArray();
            if (e.getKey().startsWith("11.")) {
                assertFalse(java.util.Arrays.equals(before.get(e.getKey()), now), e.getKey() + " should have trained");
            } else {
                assertArrayEquals(before.get(e.getKey()), now, e.getKey() + " is frozen");
            }
        }
    }
}
