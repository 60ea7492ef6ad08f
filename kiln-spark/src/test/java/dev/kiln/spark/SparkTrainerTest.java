package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Sampler;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Trainer;
import dev.kiln.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data-parallel training in a real local Spark: equivalence with one process, and recovery. */
class SparkTrainerTest {
    /** The context the tests share (a context takes seconds to start, and a JVM holds one at a time). */
    private static JavaSparkContext shared;

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The shared context, restarted when a test needs another master. */
    private static JavaSparkContext context(String master) {
        if (shared != null && !shared.master().equals(master)) {
            shared.close();
            shared = null;
        }
        if (shared == null) {
            shared = spark(master);
        }
        return shared;
    }

    static JavaSparkContext spark(String master) {
        return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("kiln-spark-test").set("spark.ui.enabled", "false")
                .set("spark.driver.memory", "512m").set("spark.sql.shuffle.partitions", "2").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    private static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual, double tolerance) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            float[] e = expected.get(k).toFloatArray();
            float[] a = actual.get(k).toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], tolerance * Math.max(1, Math.abs(e[i])), k + "[" + i + "]");
            }
        }
    }

    /**
     * N replicas of batch B take the steps of one process with batch N·B, for SGD with momentum and
     * Adam, with the all-reduce overlapped with the backward or after it, and with SyncBatchNorm
     * for a model with BatchNorm.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"local[2], 2, 8", "local[4], 4, 4"})
    void replicasMatchOneProcessWithTheGlobalBatch(String master, int workers, int batch, @TempDir Path dir) throws Exception {
        JavaSparkContext sc = context(master);
        for (String optimizer : new String[] {"sgd", "adam"}) {
            Path run = dir.resolve(optimizer);
            // SGD: the gradients all-reduced in three buckets during the backward; Adam: in one call after it
            SparkTrainer.Builder trainer = SparkTrainer.builder(new TinyClassifierJob(optimizer, batch, 0), run).workers(workers).epochs(2);
            SparkTrainer.Result r = (optimizer.equals("sgd") ? trainer.bucketFloats(10) : trainer.overlapGradients(false)).build().fit(sc);
            assertEquals(0, r.restarts());
            assertEquals(2, r.epochs().size());
            assertEquals(TinyClassifierJob.SAMPLES / workers, r.epochs().getFirst().samples(), "rank 0 trains on its shard only");
            Map<String, Tensor> reference = TinyClassifierJob.singleProcess(optimizer, workers * batch, 2);
            Map<String, Tensor> distributed = Checkpoint.load(r.checkpoint()).model();
            assertSameWeights(reference, distributed, 2e-5);
            // the training moved the weights far beyond the tolerance: the comparison is not between two initialisations
            float[] before = TinyClassifierJob.model().stateDict().get("2.weight").toFloatArray();
            float[] after = reference.get("2.weight").toFloatArray();
            double moved = 0;
            for (int i = 0; i < before.length; i++) {
                moved = Math.max(moved, Math.abs(after[i] - before[i]));
            }
            assertTrue(moved > 1e-2, optimizer + " moved the weights by " + moved);
        }
        // with SyncBatchNorm, a model with BatchNorm in training mode too
        SparkTrainer.Result r = SparkTrainer.builder(new TinyClassifierJob("sgd", batch, 0, true), dir.resolve("sync-bn")).workers(workers)
                .epochs(2).syncBatchNorm(true).build().fit(sc);
        Map<String, Tensor> distributed = Checkpoint.load(r.checkpoint()).model();
        assertTrue(distributed.containsKey("1.running_var"));
        assertSameWeights(TinyClassifierJob.singleProcess("sgd", workers * batch, 2, true), distributed, 2e-5);
    }

    /** The replica of {@link #replicasTrainOnTheirPartitionsOfAnRdd}: TinyClassifierJob's model, no data of its own. */
    record PartitionJob(int batch) implements ReplicaJob {
        @Override
        public Replica build(ReplicaContext context) {
            Module net = TinyClassifierJob.model();
            return Replica.builder(net, new CrossEntropyLoss()::forward, TinyClassifierJob.optimizer("sgd", net)).batchSize(batch)
                    .shuffleSeed(TinyClassifierJob.SEED + 2).build();
        }
    }

    /**
     * Training from an RDD (read from a DataFrame): each replica reads its partition (48 samples, batch 10: 5 steps, the
     * fifth padded from a second permutation), and the run equals one process whose k-th batch is
     * the union of the replicas' k-th batches.
     */
    @Test
    void replicasTrainOnTheirPartitionsOfAnRdd(@TempDir Path dir) throws Exception {
        TensorDataset data = TinyClassifierJob.data();
        List<LabeledSample> samples = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            samples.add(new LabeledSample(data.get(i).input().toFloatArray(), (long) data.get(i).target().item()));
        }
        int batch = 10;
        JavaSparkContext sc = context("local[2]");
        // a DataFrame of (features array<float>, label bigint) read as samples
        SparkSession session = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (LabeledSample sample : samples) {
            Float[] boxed = new Float[sample.features().length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = sample.features()[i];
            }
            rows.add(RowFactory.create(boxed, sample.label()));
        }
        Dataset<Row> frame = session.createDataFrame(rows, schema);
        List<LabeledSample> read = LabeledSample.fromRows(frame, "features", "label").collect();
        assertEquals(samples.size(), read.size());
        for (int i = 0; i < samples.size(); i++) {
            assertArrayEquals(samples.get(i).features(), read.get(i).features());
            assertEquals(samples.get(i).label(), read.get(i).label());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> LabeledSample.fromRows(frame, "pixels", "label"));
        assertEquals("labeled samples: the data frame has no column 'pixels'; it has [features, label]", missing.getMessage());

        JavaRDD<LabeledSample> rdd = sc.parallelize(read, 2);
        List<List<LabeledSample>> partitions = rdd.glom().collect();
        SparkTrainer.Result r = SparkTrainer.builder(new PartitionJob(batch), dir).workers(2).epochs(2).trainingData(rdd, 8).build().fit(sc);
        assertEquals(5 * batch, r.epochs().getFirst().samples(), "rank 0 reads 5 batches of its partition");

        // one process: the concatenated partitions, global batch k = rank 0's batch k and rank 1's batch k
        List<LabeledSample> all = new ArrayList<>(partitions.get(0));
        all.addAll(partitions.get(1));
        float[] x = new float[all.size() * 8];
        long[] y = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i).features(), 0, x, 8 * i, 8);
            y[i] = all.get(i).label();
        }
        int n0 = partitions.get(0).size();
        int steps = PartitionSampler.stepsPerEpoch(new int[] {n0, partitions.get(1).size()}, batch);
        PartitionSampler s0 = new PartitionSampler(n0, steps, batch, new Generator(TinyClassifierJob.SEED + 2));
        PartitionSampler s1 = new PartitionSampler(partitions.get(1).size(), steps, batch, new Generator(TinyClassifierJob.SEED + 2));
        Sampler union = () -> {
            int[] a = s0.epoch();
            int[] b = s1.epoch();
            int[] order = new int[a.length + b.length];
            for (int k = 0; k < steps; k++) {
                System.arraycopy(a, k * batch, order, 2 * k * batch, batch);
                for (int j = 0; j < batch; j++) {
                    order[(2 * k + 1) * batch + j] = n0 + b[k * batch + j];
                }
            }
            return order;
        };
        Module net = TinyClassifierJob.model();
        DataLoader loader = DataLoader.builder(new TensorDataset(Tensor.fromArray(x, all.size(), 8), Tensor.fromArray(y, all.size())))
                .batchSize(2 * batch).sampler(union).build();
        Trainer.builder(net, new CrossEntropyLoss()::forward, TinyClassifierJob.optimizer("sgd", net)).epochs(2).build().fit(loader, null);
        assertSameWeights(net.stateDict(), Checkpoint.load(r.checkpoint()).model(), 2e-5);
    }

    /** Rank 1 dies in epoch 2 of the first attempt: the stage fails, restarts from epoch 1's checkpoint, and ends where an undisturbed run ends. */
    @Test
    void aTaskKilledMidEpochRestartsFromTheLastCheckpoint(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JavaSparkContext sc = context("local[2]");
        SparkTrainer.Result r = SparkTrainer.builder(new TinyClassifierJob("adam", 8, 8), dir).workers(2).epochs(2)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().fit(sc);
        String said = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, r.restarts(), said);
        assertTrue(said.contains("replica 1 stopped at step 8 (test)"), said);
        assertTrue(said.contains("restart 1 of at most 2 from the checkpoint " + dir.toAbsolutePath().resolve("last")), said);
        assertEquals(1, r.epochs().size(), "the restarted stage trains epoch 2 only");
        assertEquals(2, r.epochs().getFirst().epoch());
        assertSameWeights(TinyClassifierJob.singleProcess("adam", 16, 2), Checkpoint.load(r.checkpoint()).model(), 2e-5);

        // a stage that keeps failing is given up after the retry limit, with the reason
        ReplicaJob broken = context -> {
            throw new IllegalArgumentException("no data at /nowhere");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkTrainer.builder(broken, dir.resolve("broken")).workers(2).maxRestarts(1)
                        .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build().fit(sc));
        assertTrue(e.getMessage().contains("training failed 2 times (the last: no data at /nowhere); giving up after 1 restarts"),
                e.getMessage());
    }
}
