package dev.kiln.spark;

import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.CheckpointCallback;
import dev.kiln.train.EpochResult;
import dev.kiln.train.History;
import dev.kiln.train.Task;
import dev.kiln.train.Trainer;
import dev.kiln.train.TrainingState;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.spark.BarrierTaskContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of one task of the barrier stage: joins the ring (addresses exchanged with
 * {@link BarrierTaskContext#allGather}), builds the replica, restores the last checkpoint when
 * resuming, trains with gradients averaged by {@link GradientAverager}, and returns what it did.
 * Rank 0 validates, prints progress and writes the checkpoints into {@code runDir/last}.
 */
final class ReplicaTask extends AbstractFunction1<Iterator<LabeledSample>, Iterator<ReplicaTask.Outcome>> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a replica sends back: its rank, a checksum of its final weights, and rank 0's epochs. */
    record Outcome(int rank, long weightsChecksum, long differingInitialValues, List<EpochResult> epochs) implements Serializable {
    }

    private final ReplicaJob job;
    private final SparkTrainer.Settings settings;
    private final int attempt;
    private final boolean resume;

    ReplicaTask(ReplicaJob job, SparkTrainer.Settings settings, int attempt, boolean resume) {
        this.job = job;
        this.settings = settings;
        this.attempt = attempt;
        this.resume = resume;
    }

    @Override
    public Iterator<Outcome> apply(Iterator<LabeledSample> partition) {
        BarrierTaskContext task = BarrierTaskContext.get();
        int rank = task.partitionId();
        int size = task.getTaskInfos().length;
        try {
            String executor = task.getTaskInfos()[rank].address();
            InetAddress host = InetAddress.getByName(executor.substring(0, executor.lastIndexOf(':')));
            RingAllReduce.Endpoint endpoint = RingAllReduce.Endpoint.open(host);
            List<String> addresses = List.of(task.allGather(endpoint.address()));
            PartitionData data = null;
            if (settings.sampleShape() != null) {
                TensorDataset samples = PartitionData.read(partition, settings.sampleShape(), rank);
                int[] sizes = Arrays.stream(task.allGather(Integer.toString(samples.size()))).mapToInt(Integer::parseInt).toArray();
                data = new PartitionData(samples, sizes);
            }
            try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, endpoint, settings.bucketFloats(),
                    Duration.ofSeconds(settings.timeoutSeconds()))) {
                Outcome outcome = train(new ReplicaContext(rank, size, attempt), ring, data);
                return CollectionConverters.asScala(List.of(outcome).iterator());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replica " + rank + ": " + e.getMessage(), e);
        }
    }

    /** A replica's partition of the training RDD, and every partition's size. */
    private record PartitionData(TensorDataset samples, int[] sizes) {
        static TensorDataset read(Iterator<LabeledSample> partition, int[] shape, int rank) {
            int features = 1;
            for (int d : shape) {
                features *= d;
            }
            List<LabeledSample> rows = CollectionConverters.asJava(partition.toSeq());
            float[] x = new float[Math.multiplyExact(rows.size(), features)];
            long[] y = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                float[] f = rows.get(i).features();
                if (f.length != features) {
                    throw new IllegalArgumentException("replica " + rank + ": a sample has " + f.length + " features, expected " + features
                            + " (shape " + Arrays.toString(shape) + ")");
                }
                System.arraycopy(f, 0, x, i * features, features);
                y[i] = rows.get(i).label();
            }
            int[] full = new int[shape.length + 1];
            full[0] = rows.size();
            System.arraycopy(shape, 0, full, 1, shape.length);
            return new TensorDataset(Tensor.fromArray(x, full), Tensor.fromArray(y, rows.size()));
        }
    }

    private Outcome train(ReplicaContext context, RingAllReduce ring, PartitionData partition) throws Exception {
        Replica replica = job.build(context);
        if (settings.syncBatchNorm()) {
            SyncBatchNorm.convert(replica.model(), ring);
        }
        Generator shuffle = new Generator(replica.shuffleSeed());
        DataLoader train;
        if (partition != null) {
            if (replica.train() != null) {
                throw new IllegalArgumentException("replica " + context.rank() + ": the job gives training data and the trainer an RDD; build the replica"
                        + " without data (Replica.builder(model, loss, optimizer)) to train on the RDD");
            }
            int steps = PartitionSampler.stepsPerEpoch(partition.sizes(), replica.batchSize());
            train = DataLoader.builder(partition.samples()).batchSize(replica.batchSize())
                    .sampler(new PartitionSampler(partition.samples().size(), steps, replica.batchSize(), shuffle)).build();
        } else {
            if (replica.train() == null) {
                throw new IllegalArgumentException("replica " + context.rank() + ": no training data (give the replica a data set, or the trainer an RDD)");
            }
            train = DataLoader.builder(replica.train()).batchSize(replica.batchSize())
                    .sampler(new ShardSampler(replica.train().size(), context.rank(), context.worldSize(), replica.batchSize(), shuffle))
                    .build();
        }
        DataLoader validation = context.isLeader() && replica.validation() != null
                ? DataLoader.builder(replica.validation()).batchSize(256).build() : null;
        List<Generator> generators = List.of(shuffle, Kiln.defaultGenerator());
        Path runDir = Path.of(settings.runDir());
        int doneEpochs = 0;
        long doneSteps = 0;
        if (resume) {
            Map<String, Object> state = TrainingState.restore(runDir.resolve("last"), replica.model(), replica.optimizer(), replica.scheduler(),
                    generators);
            doneEpochs = ((Number) state.get("epoch")).intValue();
            doneSteps = ((Number) state.get("step")).longValue();
        }
        // SyncBatchNorm's backward uses the ring itself: no buckets in flight then
        boolean overlap = settings.overlapGradients() && !settings.syncBatchNorm();
        try (GradientAverager averager = new GradientAverager(ring, replica.model(), overlap, settings.bucketFloats())) {
            return train(context, replica, averager, train, validation, generators, runDir, doneEpochs, doneSteps);
        }
    }

    private Outcome train(ReplicaContext context, Replica replica, GradientAverager averager, DataLoader train, DataLoader validation,
            List<Generator> generators, Path runDir, int doneEpochs, long doneSteps) {
        Trainer.Builder builder = Trainer.builder(replica.model(), replica.loss(), replica.optimizer())
                .epochs(settings.epochs()).task(replica.task()).resumeFrom(doneEpochs, doneSteps).callback(averager);
        if (replica.schedulePerStep()) {
            builder.schedulerPerStep(replica.scheduler());
        } else {
            builder.schedulerPerEpoch(replica.scheduler());
        }
        replica.callbacks().forEach(builder::callback);
        if (context.isLeader()) {
            builder.callback(new CheckpointCallback(runDir, generators, replica.task()));
            if (settings.progress()) {
                builder.progress(System.out);
            }
        }
        Trainer trainer = builder.build();
        History history = doneEpochs >= settings.epochs() ? new History() : trainer.fit(train, validation);
        return new Outcome(context.rank(), checksum(replica.model().stateDict()), averager.differingValues(),
                context.isLeader() ? List.copyOf(history.epochs()) : List.of());
    }

    /** A CRC-32 over the bits of every float32 weight and buffer, in state-dict order. */
    static long checksum(Map<String, Tensor> state) {
        CRC32 crc = new CRC32();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4);
        for (Tensor t : state.values()) {
            if (t.dtype() != DType.FLOAT32) {
                continue;
            }
            for (float v : t.toFloatArray()) {
                bytes.clear();
                crc.update(bytes.putInt(Float.floatToIntBits(v)).array());
            }
        }
        return crc.getValue();
    }
}
