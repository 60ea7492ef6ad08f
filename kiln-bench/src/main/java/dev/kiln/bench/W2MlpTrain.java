package dev.kiln.bench;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * W2: one training step of Linear(784,512)-ReLU-Linear(512,256)-ReLU-Linear(256,10) with
 * cross-entropy and Adam(lr 1e-3), batch 128, x ~ N(0,1), random labels; 20 warm-up steps then
 * 3 × 200 timed steps ({@link BenchContext#trainBench}).
 *
 * <p>Extension point: {@link #trainStep} is where the model, loss and optimiser are built once
 * {@code dev.kiln.nn} (Sequential, Linear, ReLU, CrossEntropyLoss) and {@code dev.kiln.optim.Adam}
 * are available; the protocol and the record are already in place.
 */
final class W2MlpTrain implements Workload {
    static final int BATCH = 128;

    @Override
    public String id() {
        return "w2";
    }

    @Override
    public String title() {
        return "MLP 784-512-256-10 training step, cross-entropy, Adam, batch 128";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, BATCH, 784);
        Tensor y = Tensor.randint(g, 0, 10, BATCH);
        ctx.trainBench("w2_mlp_train", BATCH, trainStep(g, x, y));
    }

    /**
     * The step: zero grad, forward, loss, backward, optimiser step; returns the loss.
     * To implement: {@code model = Sequential(Linear(784,512), ReLU(), Linear(512,256), ReLU(), Linear(256,10))},
     * {@code loss = CrossEntropyLoss}, {@code opt = Adam(model.parameters(), 1e-3)}, then
     * {@code () -> { opt.zeroGrad(); Tensor l = loss.forward(model.forward(x), y); l.backward(); opt.step(); return l.item(); }}.
     */
    static BenchContext.TrainStep trainStep(Generator g, Tensor x, Tensor y) {
        throw new PendingException("W2 needs nn.Linear, nn.CrossEntropyLoss and optim.Adam (not on this branch yet)");
    }
}
