package example;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Functional;
import dev.kiln.autograd.GradOptions;
import dev.kiln.data.*;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.*;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.nn.functional.Entropy;
import dev.kiln.optim.Newton;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The README's examples, verbatim (ReadmeExamplesTest in the examples module checks that they are). */
public final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /** The autograd example at the top of the README. */
    public static void autograd() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.add(2);
        Tensor out = y.mul(y).mul(3).mean();
        out.backward();
        System.out.println(x.grad());   // tensor([[4.5000, 4.5000],
                                        //         [4.5000, 4.5000]])
    }

    /** Training with the Trainer and saving the weights. */
    public static void trainer() throws Exception {
        Datasets.Split mnist = Datasets.mnist10k();
        Sequential model = new Sequential(new Flatten(), new Linear(784, 512), new ReLU(),
                new Linear(512, 256), new ReLU(), new Linear(256, 10));
        System.out.println(model.summary(1, 1, 28, 28));
        var optimizer = new Adam(model.parameters(), Adam.Options.of(1e-3));
        var train = DataLoader.builder(mnist.train()).batchSize(32).shuffle(true).seed(0).build();
        var test = DataLoader.builder(mnist.test()).batchSize(256).build();
        var loss = new CrossEntropyLoss();
        int epochs = 2;
        Trainer trainer = Trainer.builder(model, loss::forward, optimizer)
                .schedulerPerStep(new CosineAnnealingLR(optimizer, epochs * train.numBatches(), 0))
                .epochs(epochs).progress(System.out).build();
        trainer.fit(train, test);
        Safetensors.write(Path.of("mlp.safetensors"), model.stateDict(), Map.of("format", "pt"));
    }

    /** The hand-written training loop. */
    public static void loop() {
        Datasets.Split mnist = Datasets.mnist10k();
        Sequential model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
        var optimizer = new SGD(model.parameters(), SGD.Options.of(0.05).withMomentum(0.9));
        var loss = new CrossEntropyLoss();
        for (Batch batch : DataLoader.builder(mnist.train()).batchSize(64).shuffle(true).seed(0).build()) {
            optimizer.zeroGrad(true);
            Tensor l = loss.forward(model.forward(batch.inputs()), batch.targets());
            l.backward();
            optimizer.step();
        }
        System.out.println("test loss: " + loss.forward(model.forward(mnist.test().inputs()), mnist.test().targets()).item());
    }

    /** Higher-order derivatives, hooks, entropy and Newton's method (the README's fourth example). */
    public static void higherOrder() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor g = Autograd.grad(x.pow(3).sum(), x, GradOptions.DEFAULT.createGraph(true)); // 3x², differentiable again
        Tensor h = Functional.hessian(t -> t.pow(4).sum(), Tensor.of(-1.2, 1.0));          // 2×2
        x.registerHook(grad -> grad.mul(2));           // gradient hooks; y.retainGrad() keeps a non-leaf's grad
        Tensor kl = Entropy.klDivergenceOfLogits(Tensor.randn(4, 10), Tensor.randn(4, 10), -1); // entropy, crossEntropy, binaryEntropy too
        Tensor w = Tensor.of(-1.2, 1.0).requiresGrad(true);
        var newton = new Newton(List.of(w), Newton.Options.defaults());   // exact Hessian, damping, line search
        newton.step(() -> w.sub(1).pow(2).sum());
    }

    /**
     * Runs the examples.
     *
     * @param args ignored
     * @throws Exception if the weights cannot be saved
     */
    public static void main(String[] args) throws Exception {
        autograd();
        higherOrder();
        loop();
        trainer();
    }
}
