package dev.kiln.spark;

import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.train.Checkpoint;
import dev.kiln.train.EpochResult;
import dev.kiln.train.LossFunction;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Apache Spark, with the semantics of PyTorch's
 * DistributedDataParallel.
 *
 * <p>{@link #fit} runs one barrier stage of N tasks ({@code RDD.barrier()}): all N start together
 * or not at all. Each task builds its replica with the {@link ReplicaJob} (same architecture and
 * seed on every rank; rank 0's initial weights are broadcast and the differences counted), reads
 * its shard of the training data ({@link ShardSampler}), and after each backward averages the
 * gradients over the replicas with a ring all-reduce over TCP ({@link RingAllReduce}; addresses
 * exchanged with {@code BarrierTaskContext.allGather}) before the optimiser step, so that the
 * replicas stay identical — checked at the end by comparing a checksum of every replica's
 * weights. N replicas with batch B take the same steps as one process with batch N·B.
 *
 * <p>Rank 0 validates, prints progress and writes the checkpoint {@code runDir/last} (the format of
 * {@link Checkpoint}, written atomically) after every epoch; {@code runDir} must therefore be on a
 * file system every executor sees (one machine, or a shared mount). A failed task fails the
 * whole barrier stage; the trainer then runs the stage again from the last checkpoint (or from
 * the start when there is none yet), up to {@link Builder#maxRestarts} times, and says so.
 *
 * <pre>{@code
 * SparkTrainer.Result r = SparkTrainer.builder(job, Path.of("runs/dp"))
 *         .workers(4).epochs(10).build().fit(sparkContext);
 * }</pre>
 */
public final class SparkTrainer {
    /** What travels to the executors besides the job. */
    record Settings(String runDir, int epochs, int bucketFloats, long timeoutSeconds, boolean progress, boolean syncBatchNorm,
            boolean overlapGradients, int[] sampleShape) implements Serializable {
    }

    /**
     * The outcome of a run.
     *
     * @param epochs rank 0's results of the epochs the last (successful) attempt trained
     * @param restarts how many times the stage was restarted from a checkpoint
     * @param checkpoint the final checkpoint, {@code runDir/last}
     */
    public record Result(List<EpochResult> epochs, int restarts, Path checkpoint) {
    }

    private final ReplicaJob job;
    private final Path runDir;
    private final int workers;
    private final int epochs;
    private final int maxRestarts;
    private final int bucketFloats;
    private final long timeoutSeconds;
    private final PrintStream log;
    private final boolean progress;
    private final boolean resume;
    private final boolean syncBatchNorm;
    private final boolean overlapGradients;
    private final JavaRDD<LabeledSample> trainingData;
    private final int[] sampleShape;

    private SparkTrainer(Builder b) {
        this.job = b.job;
        this.runDir = b.runDir.toAbsolutePath().normalize();
        this.workers = b.workers;
        this.epochs = b.epochs;
        this.maxRestarts = b.maxRestarts;
        this.bucketFloats = b.bucketFloats;
        this.timeoutSeconds = b.timeoutSeconds;
        this.log = b.log;
        this.progress = b.progress;
        this.resume = b.resume;
        this.syncBatchNorm = b.syncBatchNorm;
        this.overlapGradients = b.overlapGradients;
        this.trainingData = b.trainingData;
        this.sampleShape = b.sampleShape;
    }

    /** A trainer of the replicas {@code job} builds, checkpointing into {@code runDir/last}. */
    public static Builder builder(ReplicaJob job, Path runDir) {
        return new Builder(job, runDir);
    }

    /**
     * Trains on the cluster of {@code spark}. Needs {@code workers} free task slots at once (a
     * barrier stage starts all its tasks together).
     *
     * @throws IllegalStateException when the stage still fails after the allowed restarts, or the
     *         replicas ended with different weights
     */
    public Result fit(JavaSparkContext spark) {
        Settings settings = new Settings(runDir.toString(), epochs, bucketFloats, timeoutSeconds, progress, syncBatchNorm, overlapGradients, sampleShape);
        String lastFailure = null;
        Exception lastException = null;
        for (int attempt = 0; attempt <= maxRestarts; attempt++) {
            boolean fromCheckpoint = (attempt > 0 || resume) && Checkpoint.exists(runDir.resolve("last"));
            if (attempt > 0) {
                log.println("kiln spark: the training stage failed (" + lastFailure + "); restart " + attempt + " of at most "
                        + maxRestarts + (fromCheckpoint ? " from the checkpoint " + runDir.resolve("last") : " from the start (no checkpoint yet)"));
            }
            TaskFailures failures = new TaskFailures();
            spark.sc().addSparkListener(failures);
            try {
                List<ReplicaTask.Outcome> outcomes = runStage(spark, new ReplicaTask(job, settings, attempt, fromCheckpoint));
                return verify(outcomes, attempt);
            } catch (ReplicasDivergedException e) {
                throw e;
            } catch (Exception e) {
                // Spark's job failure (a SparkException, thrown unchecked from Scala) names the first task it heard of
                lastException = e;
                lastFailure = firstCause(failures, e);
            } finally {
                spark.sc().removeSparkListener(failures);
            }
        }
        throw new IllegalStateException("kiln spark: training failed " + (maxRestarts + 1) + " times (the last: " + lastFailure
                + "); giving up after " + maxRestarts + " restarts", lastException);
    }

    private static String firstCause(TaskFailures failures, Exception e) {
        try {
            String cause = failures.cause(5_000);
            return cause != null ? cause.lines().findFirst().orElse(cause) : rootMessage(e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return rootMessage(e);
        }
    }

    private List<ReplicaTask.Outcome> runStage(JavaSparkContext spark, ReplicaTask task) {
        ClassTag<ReplicaTask.Outcome> tag = ClassTag$.MODULE$.apply(ReplicaTask.Outcome.class);
        spark.setJobDescription("kiln data-parallel training, " + workers + " replicas");
        // one partition per replica: the training data's, or empty ones when each replica reads the data set its job builds
        JavaRDD<LabeledSample> partitions = trainingData == null ? spark.parallelize(List.<LabeledSample>of(), workers)
                : trainingData.getNumPartitions() == workers ? trainingData : trainingData.repartition(workers);
        RDD<ReplicaTask.Outcome> stage = partitions.rdd().barrier().mapPartitions(task, false, tag);
        return new JavaRDD<>(stage, tag).collect();
    }

    private Result verify(List<ReplicaTask.Outcome> outcomes, int attempt) {
        ReplicaTask.Outcome leader = outcomes.stream().filter(o -> o.rank() == 0).findFirst().orElseThrow();
        for (ReplicaTask.Outcome o : outcomes) {
            if (o.weightsChecksum() != leader.weightsChecksum()) {
                throw new ReplicasDivergedException("kiln spark: replica " + o.rank() + " ended with other weights than rank 0 (checksum "
                        + Long.toHexString(o.weightsChecksum()) + " against " + Long.toHexString(leader.weightsChecksum()) + ")");
            }
            if (o.differingInitialValues() > 0) {
                log.println("kiln spark: replica " + o.rank() + " built " + o.differingInitialValues()
                        + " initial values other than rank 0's (a model not built from the seed alone); rank 0's were used");
            }
        }
        return new Result(leader.epochs(), attempt, runDir.resolve("last"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = String.valueOf(e);
        while (t != null) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** The replicas ended with different weights: a bug or a non-deterministic replica, never retried. */
    static final class ReplicasDivergedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ReplicasDivergedException(String message) {
            super(message);
        }
    }

    /** Options of a {@link SparkTrainer}. */
    public static final class Builder {
        private final ReplicaJob job;
        private final Path runDir;
        private int workers = 2;
        private int epochs = 1;
        private int maxRestarts = 2;
        private int bucketFloats = RingAllReduce.DEFAULT_BUCKET_FLOATS;
        private long timeoutSeconds = 600;
        private PrintStream log = System.err;
        private boolean progress;
        private boolean resume;
        private boolean syncBatchNorm;
        private boolean overlapGradients = true;
        private JavaRDD<LabeledSample> trainingData;
        private int[] sampleShape;

        private Builder(ReplicaJob job, Path runDir) {
            this.job = Objects.requireNonNull(job, "spark trainer: job");
            this.runDir = Objects.requireNonNull(runDir, "spark trainer: run folder");
        }

        /** The number of replicas N, one Spark task each (default 2). */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("spark trainer: workers must be at least 1, got " + n);
            }
            workers = n;
            return this;
        }

        /** The number of epochs in total (default 1). */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("spark trainer: epochs must be at least 1, got " + n);
            }
            epochs = n;
            return this;
        }

        /** How many times a failed stage is run again from the last checkpoint (default 2). */
        public Builder maxRestarts(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("spark trainer: max restarts must be non-negative, got " + n);
            }
            maxRestarts = n;
            return this;
        }

        /** Floats per all-reduce message (default 1 Mi = 4 MB). */
        public Builder bucketFloats(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("spark trainer: the bucket must hold at least one float, got " + n);
            }
            bucketFloats = n;
            return this;
        }

        /** How long a replica waits for a peer before failing (default 600 s). */
        public Builder timeoutSeconds(long s) {
            if (s < 1) {
                throw new IllegalArgumentException("spark trainer: the timeout must be at least 1 s, got " + s);
            }
            timeoutSeconds = s;
            return this;
        }

        /** Where restarts and warnings are reported (default standard error). */
        public Builder log(PrintStream stream) {
            log = Objects.requireNonNull(stream, "spark trainer: log");
            return this;
        }

        /** Whether rank 0 prints the progress bar and the per-epoch lines to its standard output. */
        public Builder progress(boolean p) {
            progress = p;
            return this;
        }

        /** Whether the first attempt continues from {@code runDir/last} when it exists (as {@code kiln train --resume}). */
        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        /**
         * Whether the BatchNorm layers normalise with the statistics of the global batch
         * ({@link SyncBatchNorm}) instead of each replica's own batch (default false, as DDP).
         */
        public Builder syncBatchNorm(boolean sync) {
            syncBatchNorm = sync;
            return this;
        }

        /**
         * Whether the gradients are all-reduced bucket by bucket while the backward still runs
         * (default true, as DDP; not with {@link #syncBatchNorm}) or all at once after it.
         */
        public Builder overlapGradients(boolean overlap) {
            overlapGradients = overlap;
            return this;
        }

        /**
         * Trains on an RDD instead of the data set the job builds: each replica reads its own
         * partition (the RDD is repartitioned into one partition per replica when it has another
         * number), shuffles it every epoch, and all replicas take the longest partition's number of
         * steps ({@link PartitionSampler}). The job's replicas are then built without training data
         * ({@link Replica#builder(Module, LossFunction, Optimizer)}).
         *
         * @param samples the training samples
         * @param shape the shape of one sample's features, for example {@code 1, 28, 28}
         */
        public Builder trainingData(JavaRDD<LabeledSample> samples, int... shape) {
            trainingData = Objects.requireNonNull(samples, "spark trainer: training data");
            if (shape.length == 0) {
                throw new IllegalArgumentException("spark trainer: give the shape of one sample's features");
            }
            sampleShape = shape.clone();
            return this;
        }

        /** Builds the trainer. */
        public SparkTrainer build() {
            return new SparkTrainer(this);
        }
    }
}
