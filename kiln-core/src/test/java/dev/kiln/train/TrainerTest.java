package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: exact resume, freezing, early stopping, gradient accumulation and progress output. */
class TrainerTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();

    /** 48 samples of 6 features in 3 classes, separable by a linear map plus noise. */
    private static TensorDataset data(long seed, int n) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, n, 6);
        Tensor w = Tensor.randn(new Generator(99), 6, 3);
        float[] s = x.matmul(w).toFloatArray();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < 3; j++) {
                if (s[i * 3 + j] > s[i * 3 + best]) {
                    best = j;
                }
            }
            y[i] = best;
        }
        return new TensorDataset(x, Tensor.fromArray(y, n));
    }

    @Test
    void aScheduleIsSteppedPerStepOrPerEpoch() {
        TensorDataset train = data(5, 40);
        for (boolean perEpoch : new boolean[] {true, false}) {
            Kiln.manualSeed(2);
            Sequential model = new Sequential(new Linear(6, 3));
            SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1));
            StepLR halving = new StepLR(sgd, 1, 0.5);
            DataLoader loader = DataLoader.builder(train).batchSize(10).build();   // 4 batches an epoch
            Trainer.Builder b = Trainer.builder(model, CE::forward, sgd).epochs(2);
            (perEpoch ? b.schedulerPerEpoch(halving) : b.schedulerPerStep(halving)).build().fit(loader, null);
            // per epoch: halved twice (0.1 / 4); per step: halved after each of the 8 steps (0.1 / 256)
            assertEquals(perEpoch ? 0.1 / 4 : 0.1 / 256, halving.lastLr().get(0), 1e-12, perEpoch ? "per epoch" : "per step");
        }
    }

    @Test
    void theLearningRateLogHasALinePerStepAndAResumedRunAppends(@TempDir Path dir) throws IOException {
        TensorDataset train = data(5, 40);
        Kiln.manualSeed(2);
        Sequential model = new Sequential(new Linear(6, 3));
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1));
        DataLoader loader = DataLoader.builder(train).batchSize(10).build();   // 4 batches an epoch
        for (int run = 0; run < 2; run++) {
            Trainer.builder(model, CE::forward, sgd).epochs(2).schedulerPerStep(new StepLR(sgd, 1, 0.5))
                    .callback(new LearningRateLog(dir)).build().fit(loader, null);
        }
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("lr.csv"));
        assertEquals("step,lr,loss", lines.get(0), "one header, written by the first run");
        assertEquals(1 + 2 * 8, lines.size(), "8 steps a run, the second run appended");
        String[] first = lines.get(1).split(",");
        assertEquals("1", first[0]);
        assertEquals(0.1, Double.parseDouble(first[1]), 1e-12, "the learning rate of the first step");
        assertTrue(Double.parseDouble(first[2]) > 0, "a cross-entropy loss");
        assertEquals(0.1 / 128, Double.parseDouble(lines.get(8).split(",")[1]), 1e-12, "halved after each of the first 7 steps");
    }

    /** Everything a run is built from, constructed identically each time from the seeds. */
    private static final class Run {
        final Sequential model;
        final Optimizer<?> optimizer;
        final CosineAnnealingLR scheduler;
        final Generator shuffle = new Generator(7);
        final DataLoader loader;

        Run(TensorDataset train) {
            Kiln.manualSeed(1);
            model = new Sequential(new Linear(6, 16), new ReLU(), new Dropout(0.3), new Linear(16, 3));
            optimizer = new Adam(model.parameters(), Adam.Options.of(0.01));
            loader = DataLoader.builder(train).batchSize(10).shuffle(true).generator(shuffle).build();
            scheduler = new CosineAnnealingLR(optimizer, 2L * loader.numBatches(), 0.001);
        }

        Trainer trainer(int epochs, int doneEpochs, long doneSteps) {
            return Trainer.builder(model, CE::forward, optimizer).schedulerPerStep(scheduler).epochs(epochs)
                    .resumeFrom(doneEpochs, doneSteps).build();
        }

        List<Generator> generators() {
            return List.of(shuffle, Kiln.defaultGenerator());
        }
    }

    private static void assertBitIdentical(Sequential a, Sequential b) {
        Map<String, Tensor> pa = a.namedParameters();
        Map<String, Tensor> pb = b.namedParameters();
        assertEquals(pa.keySet(), pb.keySet());
        for (String k : pa.keySet()) {
            float[] x = pa.get(k).toFloatArray();
            float[] y = pb.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]: " + x[i] + " vs " + y[i]);
            }
        }
    }

    @Test
    void resumeIsBitIdenticalToAStraightRun(@TempDir Path dir) throws IOException {
        TensorDataset train = data(3, 45);
        Run straight = new Run(train);
        straight.trainer(2, 0, 0).fit(straight.loader, null);
        Sequential reference = straight.model;

        Run first = new Run(train);
        Trainer t1 = first.trainer(2, 0, 0);
        Trainer half = Trainer.builder(first.model, CE::forward, first.optimizer).schedulerPerStep(first.scheduler).epochs(1).build();
        half.fit(first.loader, null);
        assertEquals(1, half.epoch());
        TrainingState.save(dir.resolve("last"), half, first.generators(), Map.of());
        assertTrue(t1.epoch() == 0);

        // disturb the global generator as a new process would have it, then restore into fresh objects
        Kiln.manualSeed(12345);
        Run second = new Run(train);
        Kiln.defaultGenerator().nextLong();
        Map<String, Object> state = TrainingState.restore(dir.resolve("last"), second.model, second.optimizer, second.scheduler,
                second.generators());
        int epochs = ((Number) state.get("epoch")).intValue();
        long steps = ((Number) state.get("step")).longValue();
        assertEquals(1, epochs);
        assertEquals(first.loader.numBatches(), steps);
        Trainer resumed = second.trainer(2, epochs, steps);
        resumed.fit(second.loader, null);
        assertEquals(2, resumed.epoch());
        assertEquals(2L * first.loader.numBatches(), resumed.globalStep());
        assertEquals(straight.optimizer.paramGroups().get(0).lr(), second.optimizer.paramGroups().get(0).lr(), 0.0);
        assertBitIdentical(reference, second.model);
    }

    @Test
    void frozenParametersDoNotChangeAndGetNoGradient() {
        Kiln.manualSeed(2);
        Sequential model = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        List<String> frozen = model.freeze("0.*");
        assertEquals(List.of("0.weight", "0.bias"), frozen);
        float[] w0 = model.get(0).namedParameters().get("weight").toFloatArray();
        float[] b0 = model.get(0).namedParameters().get("bias").toFloatArray();
        float[] w2 = model.get(2).namedParameters().get("weight").toFloatArray();
        Optimizer<?> opt = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withWeightDecay(0.01));
        List<Boolean> frozenHadGrad = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onStepEnd(Trainer trainer, long step, double loss, double lr) {
                frozenHadGrad.add(model.get(0).namedParameters().get("weight").grad() != null);
            }
        };
        DataLoader loader = DataLoader.builder(data(4, 40)).batchSize(8).shuffle(true).seed(3).build();
        Trainer.builder(model, CE::forward, opt).epochs(2).callback(probe).build().fit(loader, null);
        assertEquals(10, frozenHadGrad.size());
        assertTrue(frozenHadGrad.stream().noneMatch(b -> b));
        assertNull(model.get(0).namedParameters().get("weight").grad());
        assertArrayEqualsBits(w0, model.get(0).namedParameters().get("weight").toFloatArray());
        assertArrayEqualsBits(b0, model.get(0).namedParameters().get("bias").toFloatArray());
        float[] w2after = model.get(2).namedParameters().get("weight").toFloatArray();
        boolean changed = false;
        for (int i = 0; i < w2.length; i++) {
            changed |= w2[i] != w2after[i];
        }
        assertTrue(changed, "the unfrozen head must train");
    }

    private static void assertArrayEqualsBits(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "element " + i);
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Kiln.manualSeed(5);
        Sequential model = new Sequential(new Linear(6, 3));
        Optimizer<?> opt = new SGD(model.parameters(), SGD.Options.of(0.05));
        // validation labels are the opposite of the training rule, so validation loss rises as training fits
        TensorDataset train = data(6, 40);
        long[] flipped = train.targets().toLongArray();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = (flipped[i] + 1) % 3;
        }
        TensorDataset validation = new TensorDataset(train.inputs(), Tensor.fromArray(flipped, flipped.length));
        DataLoader trainLoader = DataLoader.builder(train).batchSize(40).build();
        DataLoader valLoader = DataLoader.builder(validation).batchSize(40).build();
        List<float[]> weightsPerEpoch = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public boolean onEpochEnd(Trainer trainer, EpochResult r) {
                weightsPerEpoch.add(model.get(0).namedParameters().get("weight").toFloatArray());
                return false;
            }
        };
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Options.of(2));
        History h = Trainer.builder(model, CE::forward, opt).epochs(50).callback(record).callback(stopping).build().fit(trainLoader,
                valLoader);
        List<EpochResult> epochs = h.epochs();
        int best = 0;
        for (int i = 1; i < epochs.size(); i++) {
            if (epochs.get(i).valLoss() < epochs.get(best).valLoss()) {
                best = i;
            }
        }
        assertTrue(epochs.size() < 50, "stopped early");
        assertEquals(best + 1 + 2 + 1, epochs.size(), "stops after patience 2 non-improving epochs following the best");
        assertEquals(best + 1, stopping.bestEpoch());
        assertArrayEqualsBits(weightsPerEpoch.get(best), model.get(0).namedParameters().get("weight").toFloatArray());
    }

    @Test
    void gradientAccumulationOverKBatchesEqualsOneBigBatch() {
        TensorDataset train = data(8, 32);
        Kiln.manualSeed(9);
        Sequential big = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        Sequential small = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        small.loadStateDict(big.stateDict());
        Optimizer<?> optBig = new SGD(big.parameters(), SGD.Options.of(0.5).withMomentum(0.9));
        Optimizer<?> optSmall = new SGD(small.parameters(), SGD.Options.of(0.5).withMomentum(0.9));
        Trainer.builder(big, CE::forward, optBig).epochs(3).build().fit(DataLoader.builder(train).batchSize(32).build(), null);
        Trainer acc = Trainer.builder(small, CE::forward, optSmall).epochs(3).gradientAccumulation(4).build();
        acc.fit(DataLoader.builder(train).batchSize(8).build(), null);
        assertEquals(3, acc.globalStep());
        Map<String, Tensor> a = big.namedParameters();
        Map<String, Tensor> b = small.namedParameters();
        for (String k : a.keySet()) {
            float[] x = a.get(k).toFloatArray();
            float[] y = b.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-5, k + "[" + i + "]");
            }
        }
    }

    @Test
    void aShorterLastAccumulationGroupIsAveragedOverItsOwnBatches() {
        // 40 samples in batches of 8 accumulated 3 at a time: groups of 24 and 16 samples, as batches of 24
        TensorDataset train = data(11, 40);
        Kiln.manualSeed(12);
        Sequential big = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        Sequential small = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        small.loadStateDict(big.stateDict());
        Trainer.builder(big, CE::forward, new SGD(big.parameters(), SGD.Options.of(0.5))).epochs(2).build()
                .fit(DataLoader.builder(train).batchSize(24).build(), null);
        Trainer acc = Trainer.builder(small, CE::forward, new SGD(small.parameters(), SGD.Options.of(0.5))).epochs(2)
                .gradientAccumulation(3).build();
        acc.fit(DataLoader.builder(train).batchSize(8).build(), null);
        assertEquals(4, acc.globalStep());
        Map<String, Tensor> a = big.namedParameters();
        Map<String, Tensor> b = small.namedParameters();
        for (String k : a.keySet()) {
            float[] x = a.get(k).toFloatArray();
            float[] y = b.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-5, k + "[" + i + "]");
            }
        }
    }

    @Test
    void trainsOnAStreamOfUnknownLengthWithAPartialLastGroup() {
        TensorDataset train = data(13, 40);
        dev.kiln.data.IterableDataset stream = () -> java.util.stream.IntStream.range(0, train.size()).mapToObj(train::get).iterator();
        Kiln.manualSeed(14);
        Sequential model = new Sequential(new Linear(6, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer t = Trainer.builder(model, CE::forward, new SGD(model.parameters(), SGD.Options.of(0.1))).epochs(1).gradientAccumulation(3)
                .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
        History h = t.fit(DataLoader.builder(stream).batchSize(8).build(), null);
        assertEquals(2, t.globalStep(), "5 batches in groups of 3: the last 2 still make a step");
        assertEquals(40, h.last().samples());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("epoch 1/1: train loss"));
    }

    @Test
    void progressPrintsPlainLinesWhenNotATerminal() {
        Kiln.manualSeed(10);
        Sequential model = new Sequential(new Linear(6, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Trainer.builder(model, CE::forward, new SGD(model.parameters(), SGD.Options.of(0.1))).epochs(1).progress(out).build()
                .fit(DataLoader.builder(data(1, 40)).batchSize(4).build(), null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!text.contains("\r"), "no carriage returns off a terminal");
        long lines = text.lines().filter(l -> l.startsWith("epoch 1/1 ") && l.contains("/10 loss")).count();
        assertEquals(10, lines, text);
        assertTrue(text.contains("epoch 1/1: train loss"), text);
    }

    @Test
    void interactiveProgressRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, ProgressBar.Display.REDRAWN, "epoch 1/1", 4);
        for (int i = 1; i <= 4; i++) {
            bar.update(i, 0.5, i * 10L);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(4, text.chars().filter(c -> c == '\r').count());
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, ended once the epoch is complete");
        assertTrue(text.endsWith("\n"));
        assertTrue(text.contains("[========================]"), text);
    }
}
