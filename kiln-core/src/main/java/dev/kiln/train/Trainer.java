package dev.kiln.train;

import dev.kiln.autograd.GradMode;
import dev.kiln.backend.Workspace;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.nn.Module;
import dev.kiln.optim.GradClip;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The training loop: epochs over a loader with a model, a loss, an optimiser and optionally a
 * learning-rate schedule (stepped per optimiser step or per epoch), gradient accumulation over k
 * batches, gradient clipping by global norm, validation after each epoch, callbacks, and a
 * progress bar.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new CrossEntropyLoss()::forward, optimizer)
 *         .schedulerPerStep(new CosineAnnealingLR(optimizer, steps, 0))
 *         .epochs(10).build();
 * History h = trainer.fit(train, validation);
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final LossFunction loss;
    private final Optimizer<?> optimizer;
    private final LRScheduler scheduler;
    private final boolean schedulePerStep;
    private final int epochs;
    private final int accumulation;
    private final double clipNorm;
    private final Task task;
    private final List<Callback> callbacks;
    private final PrintStream out;
    private final boolean interactive;
    private int epoch;
    private long step;
    private final History history = new History();
    /** The scratch and gradient arrays of the training steps, reused from one step to the next. */
    private final Workspace workspace = new Workspace();

    private Trainer(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.scheduler = b.scheduler;
        this.schedulePerStep = b.schedulePerStep;
        this.epochs = b.epochs;
        this.accumulation = b.accumulation;
        this.clipNorm = b.clipNorm;
        this.task = b.task;
        this.callbacks = List.copyOf(b.callbacks);
        this.out = b.out;
        this.interactive = b.interactive;
        this.epoch = b.startEpoch;
        this.step = b.startStep;
    }

    /**
     * {@return a builder with the three things every run needs}
     *
     * @param model the model trained or evaluated
     * @param loss the loss function, from the model's output and the targets
     * @param optimizer the optimiser that updates the model's parameters
     */
    public static Builder builder(Module model, LossFunction loss, Optimizer<?> optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /**
     * {@return the model being trained}
     */
    public Module model() {
        return model;
    }

    /**
     * {@return the optimiser}
     */
    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /**
     * The schedule, or null.
     *
     * @return this builder
     */
    public LRScheduler scheduler() {
        return scheduler;
    }

    /**
     * {@return epochs completed so far}
     */
    public int epoch() {
        return epoch;
    }

    /**
     * {@return optimiser steps taken so far}
     */
    public long globalStep() {
        return step;
    }

    /**
     * {@return the run's history}
     */
    public History history() {
        return history;
    }

    /**
     * {@return the current learning rate of the first parameter group}
     */
    public double learningRate() {
        return optimizer.paramGroups().get(0).lr();
    }

    /**
     * Trains until the configured number of epochs (counting epochs already done when resuming) or
     * until a callback stops it; validates on {@code validation} (may be null) after each epoch.
     *
     * @param train the training batches
     * @param validation the validation batches, or null for none
     * @return the per-epoch results
     */
    public History fit(DataLoader train, DataLoader validation) {
        for (Callback c : callbacks) {
            c.onTrainBegin(this);
        }
        boolean stop = false;
        while (epoch < epochs && !stop) {
            EpochResult r = runEpoch(train, validation);
            history.addEpoch(r);
            if (scheduler != null && !schedulePerStep) {
                scheduler.step();
            }
            for (Callback c : callbacks) {
                stop |= c.onEpochEnd(this, r);
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(this, history);
        }
        return history;
    }

    private EpochResult runEpoch(DataLoader train, DataLoader validation) {
        epoch++;
        model.train();
        long start = System.nanoTime();
        int total = batchesOrUnknown(train);
        ProgressBar bar = out == null ? null : new ProgressBar(out, interactive ? ProgressBar.Display.REDRAWN : ProgressBar.Display.LINES, String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), total);
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        int batchIndex = 0;
        int pending = 0;
        long groupSamples = 0;
        double lastLoss = Double.NaN;
        double lrUsed = learningRate();
        optimizer.zeroGrad(true);
        for (Batch batch : train) {
            // the loss of each batch is divided by the number of batches in its accumulation group (the
            // last group of an epoch may be shorter), so that a step follows the mean over the group
            int group = total > 0 ? Math.min(accumulation, total - (batchIndex / accumulation) * accumulation) : accumulation;
            // forward and backward in the trainer's workspace, so each step reuses the last one's arrays
            Tensor[] outputAndLoss = workspace.call(() -> {
                Tensor out = model.call(batch.inputs());
                Tensor batchLoss = loss.apply(out, batch.targets());
                (group > 1 ? batchLoss.div(group) : batchLoss).backward();
                return new Tensor[] {out, batchLoss};
            });
            Tensor output = outputAndLoss[0];
            Tensor l = outputAndLoss[1];
            double value = l.item();
            lastLoss = value;
            int n = batch.size();
            lossSum += value * n;
            samples += n;
            if (task.hasAccuracy()) {
                correct += Metrics.topKCorrect(output.detach(), batch.targets(), 1);
            }
            batchIndex++;
            pending++;
            groupSamples += n;
            if (pending == group) {
                lrUsed = optimizerStep(value, groupSamples);
                pending = 0;
                groupSamples = 0;
            }
            if (bar != null) {
                bar.update(batchIndex, lossSum / samples, samples);
            }
        }
        if (pending > 0) {
            // an epoch of unknown length ended inside an accumulation group
            lrUsed = optimizerStep(lastLoss, groupSamples);
        }
        if (bar != null && interactive && total <= 0 && batchIndex > 0) {
            out.println();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainLoss = samples == 0 ? Double.NaN : lossSum / samples;
        double trainAcc = task.hasAccuracy() && samples > 0 ? (double) correct / samples : Double.NaN;
        EvalResult v = validation == null ? null : evaluate(validation);
        EpochResult r = new EpochResult(epoch, trainLoss, trainAcc, v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(),
                lrUsed, seconds, samples);
        if (out != null) {
            out.println(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f%s%s (%.1fs, %.0f samples/s)", epoch, epochs, trainLoss,
                    task.hasAccuracy() ? String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * trainAcc) : "",
                    v == null ? "" : String.format(Locale.ROOT, "; validation loss %.4f%s", v.loss(),
                            task.hasAccuracy() ? String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * v.accuracy()) : ""),
                    seconds, r.samplesPerSecond()));
        }
        return r;
    }

    private double optimizerStep(double lossValue, long groupSamples) {
        for (Callback c : callbacks) {
            c.onGradients(this, groupSamples);
        }
        if (clipNorm > 0) {
            GradClip.clipGradNorm(model.parameters(), clipNorm, 2);
        }
        double lr = learningRate();
        optimizer.step();
        optimizer.zeroGrad(true);
        step++;
        history.addStep(lr, lossValue);
        for (Callback c : callbacks) {
            c.onStepEnd(this, step, lossValue, lr);
        }
        if (scheduler != null && schedulePerStep) {
            scheduler.step();
        }
        return lr;
    }

    private static int batchesOrUnknown(DataLoader loader) {
        try {
            return loader.numBatches();
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * The mean loss and accuracy of the model on a loader, in evaluation mode without recording a graph.
     *
     * @param loader the batches evaluated
     * @return the mean loss and the accuracy (NaN when not classifying)
     */
    public EvalResult evaluate(DataLoader loader) {
        return evaluate(model, loss, loader, task);
    }

    /**
     * Evaluates any model (evaluation mode, no graph); the model's previous mode is restored.
     *
     * @param model the model trained or evaluated
     * @param loss the loss function, from the model's output and the targets
     * @param loader the batches evaluated
     * @param task {@link Task#CLASSIFICATION} to compute the accuracy from the arg-max of the output, {@link Task#REGRESSION} for the loss alone
     * @return the mean loss and the accuracy (NaN when not classifying)
     */
    public static EvalResult evaluate(Module model, LossFunction loss, DataLoader loader, Task task) {
        boolean classification = task.hasAccuracy();
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long top5 = 0;
        long samples = 0;
        try (var off = GradMode.disabled()) {
            for (Batch batch : loader) {
                Tensor output = model.call(batch.inputs());
                int n = batch.size();
                lossSum += loss.apply(output, batch.targets()).item() * n;
                samples += n;
                if (classification) {
                    correct += Metrics.topKCorrect(output, batch.targets(), 1);
                    top5 += Metrics.topKCorrect(output, batch.targets(), Math.min(5, output.size(1)));
                }
            }
        } finally {
            model.train(wasTraining);
        }
        double s = Math.max(samples, 1);
        return new EvalResult(lossSum / s, classification ? correct / s : Double.NaN, classification ? top5 / s : Double.NaN, samples);
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final LossFunction loss;
        private final Optimizer<?> optimizer;
        private LRScheduler scheduler;
        private boolean schedulePerStep = true;
        private int epochs = 1;
        private int accumulation = 1;
        private double clipNorm;
        private Task task = Task.CLASSIFICATION;
        private final List<Callback> callbacks = new ArrayList<>();
        private PrintStream out;
        private boolean interactive;
        private int startEpoch;
        private long startStep;

        private Builder(Module model, LossFunction loss, Optimizer<?> optimizer) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        /**
         * A schedule stepped after every optimiser step: per-batch schedules such as
         * {@code OneCycleLR}, {@code CyclicLR} or a cosine annealing over all the steps of a run.
         *
         * @param s the learning-rate schedule
         * @return this builder
         */
        public Builder schedulerPerStep(LRScheduler s) {
            scheduler = s;
            schedulePerStep = true;
            return this;
        }

        /**
         * A schedule stepped after every epoch: {@code StepLR}, {@code ExponentialLR}, {@code MultiStepLR} over epochs.
         *
         * @param s the learning-rate schedule
         * @return this builder
         */
        public Builder schedulerPerEpoch(LRScheduler s) {
            scheduler = s;
            schedulePerStep = false;
            return this;
        }

        /**
         * The number of epochs (default 1).
         *
         * @param n the number of epochs (≥ 1)
         * @return this builder
         */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + n);
            }
            epochs = n;
            return this;
        }

        /**
         * Accumulates gradients over {@code k} batches before each optimiser step (default 1). Each
         * batch's loss is divided by the number of batches in its group, so that with a mean-reduced
         * loss and equal batches a step equals one step on a {@code k} times larger batch; the last
         * group of an epoch may be shorter and is averaged over its own batches.
         *
         * @param k the number of batches per optimiser step (≥ 1)
         * @return this builder
         */
        public Builder gradientAccumulation(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("Trainer: gradient accumulation must be at least 1, got " + k);
            }
            accumulation = k;
            return this;
        }

        /**
         * Clips the global 2-norm of the gradients to {@code maxNorm} before each step (0 = off).
         *
         * @param maxNorm the largest global 2-norm of the gradients (0 turns clipping off)
         * @return this builder
         */
        public Builder clipGradNorm(double maxNorm) {
            if (maxNorm < 0) {
                throw new IllegalArgumentException("Trainer: clip norm must be non-negative, got " + maxNorm);
            }
            clipNorm = maxNorm;
            return this;
        }

        /**
         * What the model's output is scored as (default {@link Task#CLASSIFICATION}: the accuracy is
         * computed; {@link Task#REGRESSION}: the loss alone).
         *
         * @param t classification or regression
         * @return this builder
         */
        public Builder task(Task t) {
            task = Objects.requireNonNull(t, "task");
            return this;
        }

        /**
         * Adds a callback.
         *
         * @param c the callback
         * @return this builder
         */
        public Builder callback(Callback c) {
            callbacks.add(c);
            return this;
        }

        /**
         * Prints the progress and per-epoch lines to {@code stream} as plain lines (a log file, CI).
         *
         * @param stream where the progress is printed
         * @return this builder
         */
        public Builder progress(PrintStream stream) {
            return progress(stream, ProgressBar.Display.LINES);
        }

        /**
         * Prints a progress bar and per-epoch lines to {@code stream}, redrawn in place or as plain lines.
         *
         * @param stream where the progress is printed
         * @param display {@link ProgressBar.Display#REDRAWN} on a terminal, {@link ProgressBar.Display#LINES} otherwise
         *        ({@link ProgressBar.Display#forStandardOutput} chooses)
         * @return this builder
         */
        public Builder progress(PrintStream stream, ProgressBar.Display display) {
            out = stream;
            interactive = display == ProgressBar.Display.REDRAWN;
            return this;
        }

        /**
         * Continues a resumed run: epochs and steps already done.
         *
         * @param epochsDone the epochs completed before the resume
         * @param stepsDone the optimiser steps taken before the resume
         * @return this builder
         */
        public Builder resumeFrom(int epochsDone, long stepsDone) {
            startEpoch = epochsDone;
            startStep = stepsDone;
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
