package dev.kiln.cli;

import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.spark.RemoteObjective;
import dev.kiln.spark.RemoteResult;
import dev.kiln.spark.RemoteTrial;
import dev.kiln.tensor.Generator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial of {@code kiln tune --spark}, trained inside its Spark task: the parameters the driver
 * sampled, the fixed options for the rest, the same data split and training as {@code kiln tune};
 * the value is the last epoch's validation loss. Each epoch's validation loss goes to the driver's
 * study, whose pruner may stop the trial ({@link TrialTraining}).
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
        DataSource source = DataSource.load(data, seed, imageSize, channels);
        List<Subset> parts = Splits.stratified(source.train(), source.train().targets(), new double[] {0.9, 0.1}, new Generator(seed));
        TrialTraining.Outcome o = TrialTraining.train(trial.number(), c, source, Splits.materialize(parts.get(0)), Splits.materialize(parts.get(1)), seed,
                trial::report, trial::shouldPrune);
        return new RemoteResult(o.value(), Map.of("validation_accuracy", o.last().valAccuracy()));
    }

    private static double number(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }
}
