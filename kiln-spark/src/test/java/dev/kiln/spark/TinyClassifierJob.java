package dev.kiln.spark;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Sampler;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.init.Init;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Callback;
import dev.kiln.train.Trainer;
import java.util.Map;

/**
 * The replica of the tests: an 8-16-3 MLP on 96 fixed random samples of 3 classes, initialised
 * from a seed, trained with SGD (momentum) or Adam. {@code failAt} makes rank 1 throw at that
 * global step of the first attempt (0: never), a task that dies mid-epoch.
 */
record TinyClassifierJob(String optimizer, int batchSize, long failAtStep, boolean batchNorm) implements ReplicaJob {
    static final int SAMPLES = 96;
    static final long SEED = 7;

    TinyClassifierJob(String optimizer, int batchSize, long failAtStep) {
        this(optimizer, batchSize, failAtStep, false);
    }

    static TensorDataset data() {
        Generator g = new Generator(SEED);
        float[] x = new float[SAMPLES * 8];
        long[] y = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            y[i] = g.nextLong(3);
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) g.nextGaussian() + (j % 3 == y[i] ? 1f : 0f);
            }
        }
        return new TensorDataset(Tensor.fromArray(x, SAMPLES, 8), Tensor.fromArray(y, SAMPLES));
    }

    static Module model() {
        return model(false);
    }

    /** The MLP, with a BatchNorm1d after the first layer when {@code batchNorm}. */
    static Module model(boolean batchNorm) {
        Module net = batchNorm ? new Sequential(new Linear(8, 16), new BatchNorm1d(16), new ReLU(), new Linear(16, 3))
                : new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 3));
        Generator g = new Generator(SEED + 1);
        for (Tensor p : net.parameters()) {
            Init.normal(p, 0, 0.3, g);
        }
        return net;
    }

    static Optimizer<?> optimizer(String name, Module net) {
        return name.equals("adam") ? new Adam(net.parameters(), Adam.Options.of(0.01))
                : new SGD(net.parameters(), SGD.Options.of(0.1).withMomentum(0.9));
    }

    @Override
    public Replica build(ReplicaContext context) {
        Module net = model(batchNorm);
        Replica.Builder b = Replica.builder(net, new CrossEntropyLoss()::forward, optimizer(optimizer, net), data())
                .batchSize(batchSize).shuffleSeed(SEED + 2).validation(data());
        if (failAtStep > 0 && context.attempt() == 0 && context.rank() == 1) {
            b.callback(new Callback() {
                @Override
                public void onStepEnd(Trainer trainer, long step, double loss, double learningRate) {
                    if (step == failAtStep) {
                        throw new IllegalStateException("replica 1 stopped at step " + step + " (test)");
                    }
                }
            });
        }
        return b.build();
    }

    /** One process with the global batch: what N replicas of batch B must reproduce. */
    static Map<String, Tensor> singleProcess(String optimizer, int globalBatch, int epochs) {
        return singleProcess(optimizer, globalBatch, epochs, false);
    }

    static Map<String, Tensor> singleProcess(String optimizer, int globalBatch, int epochs, boolean batchNorm) {
        Module net = model(batchNorm);
        DataLoader loader = DataLoader.builder(data()).batchSize(globalBatch)
                .sampler(Sampler.random(SAMPLES, new Generator(SEED + 2))).build();
        Trainer.builder(net, new CrossEntropyLoss()::forward, optimizer(optimizer, net)).epochs(epochs).build().fit(loader, null);
        return net.stateDict();
    }
}
