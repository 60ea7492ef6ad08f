package dev.kiln.cli;

import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.spark.Replica;
import dev.kiln.spark.ReplicaContext;
import dev.kiln.spark.ReplicaJob;
import dev.kiln.spark.ShardSampler;
import dev.kiln.tensor.Generator;
import dev.kiln.train.Checkpoint;
import dev.kiln.train.FineTuning;
import dev.kiln.train.LearningRateLog;
import dev.kiln.train.MetricsLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One replica of {@code kiln train --spark}, built inside its Spark task from the run folder's
 * {@code run.json}: the same data split, model, initialisation, optimiser and schedule as
 * {@code kiln train}, each replica with batch {@code --batch-size}. Rank 0 writes metrics.csv and
 * lr.csv into the run folder; after a restart it first cuts them back to the checkpoint it continues from.
 *
 * @param runDir the run folder (on a file system every executor sees)
 * @param pretrainedWeights whether to load the configuration's pretrained weights (not when resuming)
 */
record SparkTrainJob(String runDir, boolean pretrainedWeights) implements ReplicaJob {
    @Override
    public Replica build(ReplicaContext context) throws Exception {
        Path dir = Path.of(runDir);
        RunConfig config = RunConfig.load(dir);
        DataSource source = DataSource.load(config.data(), config.seed(), config.imageSize(), config.channels());
        List<Subset> parts = Splits.stratified(source.train(), source.train().targets(), new double[] {0.9, 0.1}, new Generator(config.seed()));
        TensorDataset train = Splits.materialize(parts.get(0));
        Module net = OnnxModels.build(config.model(), source.sampleShape(), source.classes());
        if (!OnnxModels.isOnnx(config.model())) {
            ModelFactory.initialise(net, config.init(), new Generator(config.seed()));
        }
        if (pretrainedWeights && config.pretrained() != null) {
            FineTuning.loadPretrained(net, Path.of(config.pretrained()), "", "");
        }
        if (config.freeze() != null) {
            net.freeze(config.freeze());
        }
        Optimizer<?> opt = TrainCommand.optimizer(config, net);
        LRScheduler sched = TrainCommand.scheduler(config, opt, ShardSampler.stepsPerEpoch(train.size(), context.worldSize(), config.batchSize()));
        Replica.Builder replica = Replica.builder(net, new CrossEntropyLoss()::forward, opt, train)
                .batchSize(config.batchSize()).shuffleSeed(config.seed() + 1);
        if (TrainCommand.schedulePerStep(config)) {
            replica.schedulerPerStep(sched);
        } else {
            replica.schedulerPerEpoch(sched);
        }
        if (context.isLeader()) {
            if (context.attempt() > 0) {
                // a restart continues from last/ (or from scratch): the failed attempt's log rows after it go
                Path last = dir.resolve("last");
                Map<String, Object> state = Checkpoint.exists(last) ? Checkpoint.load(last).state() : Map.of("epoch", 0L, "step", 0L);
                RunFolders.cutLogsBack(dir, ((Number) state.get("epoch")).intValue(), ((Number) state.get("step")).longValue());
            }
            replica.validation(Splits.materialize(parts.get(1))).callback(new MetricsLog(dir)).callback(new LearningRateLog(dir));
        }
        return replica.build();
    }
}
