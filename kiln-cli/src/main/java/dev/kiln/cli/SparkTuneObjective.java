package dev.kiln.cli;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.spark.RemoteObjective;
import dev.kiln.spark.RemoteResult;
import dev.kiln.spark.RemoteTrial;
import dev.kiln.tensor.Generator;
import dev.kiln.train.EpochResult;
import dev.kiln.train.Trainer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial of {@code kiln tune --spark}, trained inside its Spark task: the parameters the driver
 * sampled, the fixed options for the rest, the same data split and training as {@code kiln tune};
 * the value is the last epoch's validation loss. (Pruning needs the driver's study during training
 * and is not available with --spark.)
 *
 * @param data the data set, as {@code --data}
 * @param seed the seed of the split and of every trial's training
 * @param imageSize the image side length
 * @param channels how an image folder is read: 1 (grey) or 3 (RGB)
 * @param fixed the options' values for the parameters not in the space (keys as in --space)
 */
record SparkTuneObjective(String data, long seed, int imageSize, int channels, Map<String, Object> fixed) implements RemoteObjective {
    SparkTuneObjective {
        fixed = Map.copyOf(fixed);
    }

    @Override
    public RemoteResult evaluate(RemoteTrial trial) throws Exception {
        Map<String, Object> p = new HashMap<>(fixed);
        p.putAll(trial.params());
        RunConfig c = new RunConfig(String.valueOf(p.get("model")), data, String.valueOf(p.get("optimizer")), number(p, "lr"),
                String.valueOf(p.get("scheduler")), String.valueOf(p.get("init")), (int) number(p, "epochs"), (int) number(p, "batch-size"),
                seed, null, imageSize, number(p, "weight-decay"), null, null, channels);
        if (c.epochs() < 1 || c.batchSize() < 1 || !(c.lr() > 0)) {
            throw new IllegalArgumentException("epochs, batch-size and lr must be positive, got " + c.epochs() + ", " + c.batchSize() + ", " + c.lr());
        }
        DataSource source = DataSource.load(data, seed, imageSize, channels);
        List<Subset> parts = Splits.stratified(source.train(), source.train().targets(), new double[] {0.9, 0.1}, new Generator(seed));
        TensorDataset train = Splits.materialize(parts.get(0));
        TensorDataset validation = Splits.materialize(parts.get(1));
        Module net = ModelFactory.build(c.model(), source.sampleShape(), source.classes());
        ModelFactory.initialise(net, c.init(), new Generator(seed));
        DataLoader trainLoader = DataLoader.builder(train).batchSize(c.batchSize()).shuffle(true).generator(new Generator(seed + 1)).build();
        Optimizer<?> opt = TrainCommand.optimizer(c, net);
        LRScheduler sched = TrainCommand.scheduler(c, opt, trainLoader.numBatches());
        Trainer trainer = Trainer.builder(net, new CrossEntropyLoss()::forward, opt).scheduler(sched, c.scheduler().equalsIgnoreCase("cosine"))
                .epochs(c.epochs()).build();
        EpochResult last = trainer.fit(trainLoader, DataLoader.builder(validation).batchSize(256).build()).epochs().getLast();
        if (Double.isNaN(last.valLoss())) {
            throw new IllegalStateException("the validation loss is NaN (diverged)");
        }
        return new RemoteResult(last.valLoss(), Map.of("validation_accuracy", last.valAccuracy()));
    }

    private static double number(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }
}
