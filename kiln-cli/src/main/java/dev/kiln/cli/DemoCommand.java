package dev.kiln.cli;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln demo}: the worked autograd example from the notes, then a linear regression
 * y = 3x − 2 + noise fitted with plain stochastic gradient descent.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show autograd on the classic example and fit a small regression with SGD.")
final class DemoCommand implements Runnable {
    @Option(names = "--steps", defaultValue = "300", description = "SGD steps for the regression (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        System.out.println("Autograd: x = ones(2,2); y = x + 2; z = y*y*3; out = z.mean(); out.backward()");
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.add(2);
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();
        out.backward();
        System.out.println("out    = " + out);
        System.out.println("x.grad = " + x.grad());

        System.out.println();
        System.out.println("Linear regression y = 3x - 2 + noise, 256 points, SGD lr " + lr);
        Generator g = new Generator(seed);
        Tensor inputs = Tensor.uniform(g, -1, 1, 256);
        Tensor targets = inputs.mul(3).sub(2).add(Tensor.normal(g, 0, 0.1, 256));
        Tensor w = Tensor.zeros(1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        double loss = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            Tensor prediction = inputs.mul(w).add(b);
            Tensor mse = prediction.sub(targets).square().mean();
            w.setGrad(null);
            b.setGrad(null);
            mse.backward();
            try (var off = GradMode.disabled()) {
                w.sub_(w.grad().mul(lr));
                b.sub_(b.grad().mul(lr));
            }
            loss = mse.item();
            if (step == 1 || step % 50 == 0 || step == steps) {
                System.out.printf(Locale.ROOT, "step %4d  loss %.6f  w %.4f  b %.4f%n", step, loss, w.item(), b.item());
            }
        }
        System.out.printf(Locale.ROOT, "fitted: y = %.3f x %+.3f (true: y = 3x - 2), final loss %.5f%n", w.item(), b.item(), loss);
    }
}
