package dev.kiln.examples;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Trainer;
import java.util.List;

/**
 * Custom modules: a residual block {@code y = x + W₂·relu(W₁·LayerNorm(x))} and a network that
 * stacks two of them between an input and an output projection, trained on the 8×8 digits.
 *
 * <p>Each {@code forward} runs its children through {@code call} (PyTorch's {@code module(x)}), so
 * {@code summary} shows the blocks with their layers nested under them.
 */
public final class ResidualNetwork extends Module {
    /** One pre-norm residual block: y = x + fc2(relu(fc1(norm(x)))). */
    public static final class ResidualBlock extends Module {
        private final LayerNorm norm;
        private final Linear fc1;
        private final Linear fc2;

        /**
         * A block of width {@code width} with a hidden layer of {@code hidden} units.
         *
         * @param width input and output features
         * @param hidden hidden features
         */
        public ResidualBlock(int width, int hidden) {
            norm = registerModule("norm", new LayerNorm(width));
            fc1 = registerModule("fc1", new Linear(width, hidden));
            fc2 = registerModule("fc2", new Linear(hidden, width));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.add(fc2.call(fc1.call(norm.call(x)).relu()));
        }
    }

    private final Linear input;
    private final ResidualBlock block1;
    private final ResidualBlock block2;
    private final Linear output;

    /**
     * The network: Linear(in, width) – block – block – Linear(width, classes).
     *
     * @param in input features
     * @param width the residual stream's width
     * @param classes output classes
     */
    public ResidualNetwork(int in, int width, int classes) {
        input = registerModule("input", new Linear(in, width));
        block1 = registerModule("block1", new ResidualBlock(width, 2 * width));
        block2 = registerModule("block2", new ResidualBlock(width, 2 * width));
        output = registerModule("output", new Linear(width, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        return output.call(block2.call(block1.call(input.call(x))));
    }

    /**
     * Trains on the UCI 8×8 digits (80/20 split) and returns the test accuracy.
     *
     * @param epochs epochs
     * @return the test accuracy in [0, 1]
     */
    public static double run(int epochs) {
        Kiln.manualSeed(0);
        TensorDataset digits = Datasets.digits();
        List<Subset> parts = Splits.stratified(digits, digits.targets(), new double[] {0.8, 0.2}, new Generator(0));
        TensorDataset train = Splits.materialize(parts.get(0));
        TensorDataset test = Splits.materialize(parts.get(1));
        ResidualNetwork model = new ResidualNetwork(64, 32, 10);
        System.out.println(model.summary(1, 64));
        AdamW optimizer = new AdamW(model.parameters(), Adam.Options.of(3e-3).withWeightDecay(1e-2));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder(model, loss::forward, optimizer).epochs(epochs).progress(System.out).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(256).build();
        trainer.fit(DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).build(), testLoader);
        EvalResult r = trainer.evaluate(testLoader);
        System.out.printf("test accuracy: %.2f%%%n", 100 * r.accuracy());
        return r.accuracy();
    }

    /**
     * Runs the example.
     *
     * @param args optional: epochs (default 20)
     */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 20);
    }
}
