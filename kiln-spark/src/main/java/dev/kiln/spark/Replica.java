package dev.kiln.spark;

import dev.kiln.data.Dataset;
import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.train.Callback;
import dev.kiln.train.LossFunction;
import dev.kiln.train.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One replica of a data-parallel run, as a {@link ReplicaJob} builds it: the model, loss,
 * optimiser and optional schedule, the whole training data set (the replica reads its shard), the
 * per-replica batch size and shuffling seed, an optional validation set (used by rank 0 only),
 * and callbacks (for example the metrics logs, added by the job on rank 0 only).
 */
public final class Replica {
    private final Module model;
    private final LossFunction loss;
    private final Optimizer<?> optimizer;
    private final Dataset train;
    private final LRScheduler scheduler;
    private final boolean schedulePerStep;
    private final Dataset validation;
    private final int batchSize;
    private final long shuffleSeed;
    private final Task task;
    private final List<Callback> callbacks;

    private Replica(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.train = b.train;
        this.scheduler = b.scheduler;
        this.schedulePerStep = b.schedulePerStep;
        this.validation = b.validation;
        this.batchSize = b.batchSize;
        this.shuffleSeed = b.shuffleSeed;
        this.task = b.task;
        this.callbacks = List.copyOf(b.callbacks);
    }

    /** A replica of {@code model} trained with {@code loss} and {@code optimizer} on (its shard of) {@code train}. */
    public static Builder builder(Module model, LossFunction loss, Optimizer<?> optimizer, Dataset train) {
        return new Builder(model, loss, optimizer, Objects.requireNonNull(train, "replica: training data"));
    }

    /**
     * A replica of {@code model} trained with {@code loss} and {@code optimizer} on its partition of
     * the RDD given to {@link SparkTrainer.Builder#trainingData}.
     */
    public static Builder builder(Module model, LossFunction loss, Optimizer<?> optimizer) {
        return new Builder(model, loss, optimizer, null);
    }

    Module model() {
        return model;
    }

    LossFunction loss() {
        return loss;
    }

    Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The training data set, or null when the replica trains on its partition of an RDD. */
    Dataset train() {
        return train;
    }

    LRScheduler scheduler() {
        return scheduler;
    }

    boolean schedulePerStep() {
        return schedulePerStep;
    }

    Dataset validation() {
        return validation;
    }

    int batchSize() {
        return batchSize;
    }

    long shuffleSeed() {
        return shuffleSeed;
    }

    Task task() {
        return task;
    }

    List<Callback> callbacks() {
        return callbacks;
    }

    /** Options of a {@link Replica}. */
    public static final class Builder {
        private final Module model;
        private final LossFunction loss;
        private final Optimizer<?> optimizer;
        private final Dataset train;
        private LRScheduler scheduler;
        private boolean schedulePerStep = true;
        private Dataset validation;
        private int batchSize = 32;
        private long shuffleSeed = 1;
        private Task task = Task.CLASSIFICATION;
        private final List<Callback> callbacks = new ArrayList<>();

        private Builder(Module model, LossFunction loss, Optimizer<?> optimizer, Dataset train) {
            this.model = Objects.requireNonNull(model, "replica: model");
            this.loss = Objects.requireNonNull(loss, "replica: loss");
            this.optimizer = Objects.requireNonNull(optimizer, "replica: optimizer");
            this.train = train;
        }

        /** A schedule stepped after every optimiser step (per batch: OneCycleLR, CyclicLR, a cosine over all steps). */
        public Builder schedulerPerStep(LRScheduler s) {
            scheduler = s;
            schedulePerStep = true;
            return this;
        }

        /** A schedule stepped after every epoch (StepLR, ExponentialLR, MultiStepLR over epochs). */
        public Builder schedulerPerEpoch(LRScheduler s) {
            scheduler = s;
            schedulePerStep = false;
            return this;
        }

        /** The validation set, evaluated by rank 0 after each epoch. */
        public Builder validation(Dataset d) {
            validation = d;
            return this;
        }

        /** The batch size of this replica, B (the global batch is N·B). Default 32. */
        public Builder batchSize(int b) {
            if (b < 1) {
                throw new IllegalArgumentException("replica: the batch size must be at least 1, got " + b);
            }
            batchSize = b;
            return this;
        }

        /** The seed of the shuffling generator, the same on every rank. Default 1. */
        public Builder shuffleSeed(long seed) {
            shuffleSeed = seed;
            return this;
        }

        /**
         * What the model's output is scored as (default {@link Task#CLASSIFICATION}; {@link Task#REGRESSION}: the loss alone).
         *
         * @param t classification or regression
         * @return this builder
         */
        public Builder task(Task t) {
            task = Objects.requireNonNull(t, "task");
            return this;
        }

        /** Adds a callback to this replica's trainer (a callback must not stop one replica alone). */
        public Builder callback(Callback c) {
            callbacks.add(Objects.requireNonNull(c, "replica: callback"));
            return this;
        }

        /** Builds the replica. */
        public Replica build() {
            return new Replica(this);
        }
    }
}
