package dev.kiln.cli;

import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.tensor.Generator;
import dev.kiln.train.Callback;
import dev.kiln.train.EpochResult;
import dev.kiln.train.Trainer;
import dev.kiln.tune.TrialPrunedException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The training of one {@code kiln tune} trial, the same in this process and in a Spark task
 * ({@link SparkTuneObjective}): the model and initialisation of {@code config} from the seed,
 * shuffling from {@code seed + 1}, the configured optimiser and schedule; after each epoch the
 * validation loss is reported and the trial stops early when the pruner says so (never trial 0,
 * kiln train's defaults, which always runs to the end).
 */
final class TrialTraining {
    private TrialTraining() {
    }

    /**
     * How a trial's training ended.
     *
     * @param last the last epoch trained
     * @param pruned whether the pruner stopped it
     */
    record Outcome(EpochResult last, boolean pruned) {
        /**
         * The trial's value, the last validation loss.
         *
         * @throws TrialPrunedException when the trial was pruned
         * @throws IllegalStateException when the loss is NaN (the training diverged)
         */
        double value() {
            if (pruned) {
                throw new TrialPrunedException("pruned after epoch " + last.epoch());
            }
            if (Double.isNaN(last.valLoss())) {
                throw new IllegalStateException("the validation loss is NaN (diverged)");
            }
            return last.valLoss();
        }
    }

    /**
     * Trains trial {@code trial} with {@code c} on {@code train}, validating on {@code validation} after every epoch.
     *
     * @param source the data set the split came from (sample shape and classes)
     * @param report receives (epoch, validation loss) after every epoch ({@code Trial::report})
     * @param shouldPrune asked after every report but trial 0's whether to stop ({@code Trial::shouldPrune})
     */
    static Outcome train(int trial, RunConfig c, DataSource source, TensorDataset train, TensorDataset validation, long seed,
            BiConsumer<Integer, Double> report, BooleanSupplier shouldPrune) {
        if (c.epochs() < 1 || c.batchSize() < 1 || !(c.lr() > 0)) {
            throw new IllegalArgumentException("epochs, batch-size and lr must be positive, got " + c.epochs() + ", " + c.batchSize() + ", " + c.lr());
        }
        Module net = ModelFactory.build(c.model(), source.sampleShape(), source.classes());
        ModelFactory.initialise(net, c.init(), new Generator(seed));
        DataLoader trainLoader = DataLoader.builder(train).batchSize(c.batchSize()).shuffle(true).generator(new Generator(seed + 1)).build();
        DataLoader validationLoader = DataLoader.builder(validation).batchSize(256).build();
        Optimizer<?> opt = TrainCommand.optimizer(c, net);
        LRScheduler sched = TrainCommand.scheduler(c, opt, trainLoader.numBatches());
        boolean baseline = trial == 0;
        boolean[] pruned = {false};
        Callback epochs = new Callback() {
            @Override
            public boolean onEpochEnd(Trainer trainer, EpochResult r) {
                report.accept(r.epoch(), r.valLoss());
                pruned[0] = !baseline && shouldPrune.getAsBoolean();
                return pruned[0];
            }
        };
        Trainer trainer = TrainCommand.withScheduler(Trainer.builder(net, new CrossEntropyLoss()::forward, opt), c, sched)
                .epochs(c.epochs()).callback(epochs).build();
        EpochResult last = trainer.fit(trainLoader, validationLoader).epochs().getLast();
        return new Outcome(last, pruned[0]);
    }
}
