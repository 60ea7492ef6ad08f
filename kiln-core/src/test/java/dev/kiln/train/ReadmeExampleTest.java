package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.Splits;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example, on a 2,000-image subset for one epoch: it compiles, learns and saves. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleTrainsAndSaves() throws IOException {
        Kiln.manualSeed(0);
        Datasets.Split mnist = Datasets.mnist10k();
        TensorDataset small = Splits.materialize(Splits.randomSplit(mnist.train(), new double[] {0.25, 0.75}, new Generator(0)).get(0));
        Sequential model = new Sequential(new Flatten(), new Linear(784, 512), new ReLU(),
                new Linear(512, 256), new ReLU(), new Linear(256, 10));
        assertEquals(535_818, model.summary(1, 1, 28, 28).totalParams());
        var optimizer = new Adam(model.parameters(), Adam.Options.of(1e-3));
        var train = DataLoader.builder(small).batchSize(32).shuffle(true).seed(0).build();
        var test = DataLoader.builder(mnist.test()).batchSize(256).build();
        var loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder(model, loss::forward, optimizer)
                .schedulerPerStep(new CosineAnnealingLR(optimizer, train.numBatches(), 0))
                .epochs(1).build();
        History h = trainer.fit(train, test);
        assertTrue(h.last().valAccuracy() > 0.8, "accuracy after one epoch on 2,000 digits: " + h.last().valAccuracy());
        Path file = dir.resolve("mlp.safetensors");
        Safetensors.write(file, model.stateDict(), Map.of("format", "pt"));
        assertEquals(model.stateDict().keySet(), Safetensors.read(file).tensors().keySet());
    }
}
