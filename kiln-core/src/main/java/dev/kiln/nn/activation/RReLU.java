package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * Randomized leaky ReLU. In training mode every element with x ≤ 0 gets a slope drawn from
 * U(lower, upper) with this module's generator; in evaluation mode the slope is (lower+upper)/2.
 */
public final class RReLU extends Module {
    private final double lower;
    private final double upper;
    private final Generator generator;

    /**
     * Creates the module drawing slopes with {@code generator}.
     *
     * @param lower the lower bound of the random slope
     * @param upper the upper bound of the random slope
     * @param generator the random generator that draws the slopes (its state advances)
     */
    public RReLU(double lower, double upper, Generator generator) {
        if (lower > upper) {
            throw new IllegalArgumentException("RReLU: lower " + lower + " is greater than upper " + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.generator = generator;
    }

    /**
     * Creates the module drawing slopes with the default generator.
     *
     * @param lower the lower bound of the random slope
     * @param upper the upper bound of the random slope
     */
    public RReLU(double lower, double upper) {
        this(lower, upper, Kiln.defaultGenerator());
    }

    /** PyTorch's defaults lower = 1/8, upper = 1/3. */
    public RReLU() {
        this(1.0 / 8, 1.0 / 3);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.rrelu(input, lower, upper, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "lower=" + lower + ", upper=" + upper;
    }
}
