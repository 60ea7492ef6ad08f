package dev.kiln.examples;

import dev.kiln.autograd.Function;
import dev.kiln.autograd.FunctionContext;
import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A custom differentiable operation with its own backward, checked against finite differences:
 * swish(x) = x·σ(x), whose derivative is σ(x)·(1 + x·(1 − σ(x))).
 */
public final class CustomFunction {
    /** swish(x) = x·σ(x) with the analytic backward. */
    public static class Swish extends Function {
        /** Creates the function (it holds no state; apply it any number of times). */
        public Swish() {
        }

        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor s = x.sigmoid();
            ctx.saveForBackward(x, s);
            return x.mul(s);
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor gradOutput) {
            Tensor[] saved = ctx.savedTensors();
            Tensor x = saved[0];
            Tensor s = saved[1];
            // d/dx x·σ(x) = σ(x) + x·σ(x)·(1 − σ(x)) = σ(x)·(1 + x·(1 − σ(x)))
            return new Tensor[] {gradOutput.mul(s.mul(x.mul(s.rsub(1)).add(1)))};
        }
    }

    private CustomFunction() {
    }

    /**
     * Applies Swish to a random float64 tensor, back-propagates, and checks the gradient with
     * {@link GradCheck} (central differences, ε = 1e-6).
     *
     * @return the gradient of sum(swish(x)) with respect to x
     * @throws AssertionError if the analytic and numeric gradients differ
     */
    public static Tensor run() {
        Tensor x = Tensor.randn(new Generator(0), 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Swish swish = new Swish();
        GradCheck.check(in -> swish.apply(in[0]), x);
        swish.apply(x).sum().backward();
        System.out.println("swish passes the gradient check; d sum(swish(x)) / dx =");
        System.out.println(x.grad());
        return x.grad();
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run();
    }
}
