package dev.kiln.spark;

import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.EpochResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Step time of data-parallel training on {@code local[2]} with the gradient all-reduce after the
 * backward against overlapped with it ({@link GradientBuckets}), interleaved, for the W2 MLP
 * 784-512-256-10 (batch 64 per replica) and ResNet-18 for CIFAR (W8 size, batch 8 per replica).
 * Not a test: {@code java -cp … dev.kiln.spark.OverlapBenchmark [rounds]}; each round trains one
 * epoch of each setting and reports rank 0's seconds per step.
 */
public final class OverlapBenchmark {
    private OverlapBenchmark() {
    }

    /** A replica of the benchmark: the model by name, synthetic data of {@code steps} global batches. */
    record Job(String model, int batch, int steps) implements ReplicaJob {
        @Override
        public Replica build(ReplicaContext context) {
            Module net = model.equals("w2") ? new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 256), new ReLU(), new Linear(256, 10))
                    : Models.resnet18(3, 10);
            int samples = batch * context.worldSize() * steps;
            int[] shape = model.equals("w2") ? new int[] {samples, 784} : new int[] {samples, 3, 32, 32};
            Generator g = new Generator(1);
            long[] labels = new long[samples];
            for (int i = 0; i < samples; i++) {
                labels[i] = g.nextLong(10);
            }
            TensorDataset data = new TensorDataset(Tensor.randn(g, shape), Tensor.fromArray(labels, samples));
            return Replica.builder(net, new CrossEntropyLoss()::forward, new SGD(net.parameters(), SGD.Options.of(0.01)), data).batchSize(batch).build();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("kiln-overlap");
        try (JavaSparkContext sc = SparkTrainerTest.spark("local[2]")) {
            sc.setLogLevel("WARN");
            for (Job job : List.of(new Job("w2", 64, 30), new Job("resnet18", 8, 4))) {
                List<Double> after = new ArrayList<>();
                List<Double> overlapped = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    for (boolean overlap : new boolean[] {false, true}) {
                        SparkTrainer.Result res = SparkTrainer.builder(job, dir.resolve(job.model() + r + overlap)).workers(2).epochs(1)
                                .overlapGradients(overlap).bucketFloats(1 << 18).build().fit(sc);
                        EpochResult e = res.epochs().getFirst();
                        (overlap ? overlapped : after).add(1000 * e.seconds() / job.steps());
                    }
                }
                System.out.printf(Locale.ROOT, "%-9s ms/step, all-reduce after the backward: %s; overlapped: %s%n", job.model(), after, overlapped);
            }
        }
    }
}
