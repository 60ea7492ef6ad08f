package dev.kiln.nn.init;

import dev.kiln.nn.functional.PyTorchName;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.backend.SpecialFunctions;

/**
 * Weight initialisers, as {@code torch.nn.init}: each fills a tensor in place (without recording
 * a graph, so parameters that require grad can be filled) and returns it. Random ones take a
 * {@link Generator}; the overloads without one use {@link Kiln#defaultGenerator()}.
 *
 * <p>Fans: for a weight of shape (out, in, k1, k2, …) the receptive field is r = k1·k2·… (1 for a
 * matrix), fan_in = in·r and fan_out = out·r.
 *
 * <pre>{@code
 * Init.kaimingNormal(conv.weight(), 0, FanMode.FAN_OUT, Nonlinearity.RELU);
 * Init.zeros(conv.bias());
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /** Which fan the Kaiming initialisers scale by: {@code fan_in} keeps forward variance, {@code fan_out} backward. */
    public enum FanMode implements PyTorchName {
        /** Scale by the fan-in: keeps the variance of activations in the forward pass. */
        FAN_IN,
        /** Scale by the fan-out: keeps the variance of gradients in the backward pass. */
        FAN_OUT;

        /**
         * Parses {@code "fan_in"} or {@code "fan_out"}.
         *
         * @param mode {@code fan_in} or {@code fan_out}, in any case
         * @return the mode
         */
        public static FanMode parse(String mode) {
            return PyTorchName.parse(FanMode.class, "init: mode", mode);
        }
    }

    /**
     * Fan-in and fan-out of a weight shape.
     *
     * @param fanIn input connections per output unit: shape[1]·Π shape[2:]
     * @param fanOut output connections per input unit: shape[0]·Π shape[2:]
     */
    public record Fans(int fanIn, int fanOut) {
    }

    // ------------------------------------------------------------------ gains and fans

    /**
     * {@return the recommended gain for a non-linearity} With {@link Nonlinearity#LEAKY_RELU} it
     * uses PyTorch's default negative slope 0.01; see {@link Nonlinearity#gain(double)} for the values.
     *
     * @param nonlinearity the activation that follows, which sets the gain
     */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return nonlinearity.gain(0.01);
    }

    /**
     * {@return the recommended gain for a non-linearity}: 1 for linear, the convolutions and
     * sigmoid; 5/3 for tanh; √2 for ReLU; √(2/(1+a²)) for leaky ReLU with negative slope
     * a = {@code negativeSlope}; 3/4 for SELU.
     *
     * @param nonlinearity the activation that follows, which sets the gain
     * @param negativeSlope the negative slope of a leaky ReLU; unused otherwise
     */
    public static double calculateGain(Nonlinearity nonlinearity, double negativeSlope) {
        return nonlinearity.gain(negativeSlope);
    }

    /**
     * Fans of {@code shape} (at least 2-D): fan_in = shape[1]·r, fan_out = shape[0]·r, r = Π shape[2:].
     *
     * @param shape a weight shape: (out, in) or (out, in, kernel...)
     * @return fan_in and fan_out
     */
    public static Fans calculateFanInAndFanOut(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("calculateFanInAndFanOut: fans cannot be computed for a tensor with fewer than "
                    + "2 dimensions, got shape " + Shape.str(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    /**
     * Fans of {@code tensor}'s shape.
     *
     * @param tensor a weight tensor of shape (out, in) or (out, in, kernel...)
     * @return fan_in and fan_out
     */
    public static Fans calculateFanInAndFanOut(Tensor tensor) {
        return calculateFanInAndFanOut(tensor.shape());
    }

    private static int fan(Tensor t, FanMode mode) {
        Fans f = calculateFanInAndFanOut(t.shape());
        int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
        if (fan == 0) {
            throw new IllegalArgumentException("init: the " + mode.pytorchName()
                    + " of a tensor of shape " + Shape.str(t.shape()) + " is 0; nothing to scale by");
        }
        return fan;
    }

    // ------------------------------------------------------------------ plain distributions

    /**
     * Fills with U(a, b).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param b the upper bound
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor uniform(Tensor t, double a, double b, Generator g) {
        if (!(a <= b)) {
            throw new IllegalArgumentException("init.uniform: need a <= b, got a=" + a + ", b=" + b);
        }
        try (var off = GradMode.disabled()) {
            return t.uniform_(g, a, b);
        }
    }

    /**
     * Fills with U(a, b) from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param b the upper bound
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor uniform(Tensor t, double a, double b) {
        return uniform(t, a, b, Kiln.defaultGenerator());
    }

    /**
     * Fills with N(mean, std²).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("init.normal: std must be >= 0, got " + std);
        }
        try (var off = GradMode.disabled()) {
            return t.normal_(g, mean, std);
        }
    }

    /**
     * Fills with N(mean, std²) from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, Kiln.defaultGenerator());
    }

    /**
     * Fills with N(mean, std²) truncated to [a, b], where a and b are absolute values (not
     * multiples of std). Exact rejection sampling: from the normal itself when [a, b] holds at
     * least 5% of its mass, otherwise from a uniform proposal on [a, b] accepted with probability
     * exp(−((x−mean)² − m²)/2std²), m being the distance from the mean to the nearest point of
     * [a, b].
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param b the upper bound
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     * @throws IllegalArgumentException when a ≥ b, std ≤ 0, or the window is so far in the tail
     *     that neither sampler is practical
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, Generator g) {
        if (!(a < b) || !(std > 0)) {
            throw new IllegalArgumentException("init.truncNormal: need a < b and std > 0, got mean=" + mean + ", std=" + std
                    + ", a=" + a + ", b=" + b);
        }
        double alpha = (a - mean) / std;
        double beta = (b - mean) / std;
        double mass = 0.5 * (SpecialFunctions.erf(beta / Math.sqrt(2)) - SpecialFunctions.erf(alpha / Math.sqrt(2)));
        double nearest = alpha > 0 ? alpha : beta < 0 ? beta : 0;
        // acceptance of the uniform proposal: mass·√(2π) / ((β−α)·exp(−m²/2))
        double uniformAcceptance = mass * Math.sqrt(2 * Math.PI) / ((beta - alpha) * Math.exp(-nearest * nearest / 2));
        boolean useNormal = mass >= 0.05;
        if (!useNormal && !(uniformAcceptance >= 1e-3)) {
            throw new IllegalArgumentException("init.truncNormal: the window [" + a + ", " + b + "] lies too far in the tail of "
                    + "N(" + mean + ", " + std + "²) to sample");
        }
        double[] values = new double[t.numel()];
        for (int i = 0; i < values.length; i++) {
            double z;
            if (useNormal) {
                do {
                    z = g.nextGaussian();
                } while (z < alpha || z > beta);
            } else {
                do {
                    z = alpha + (beta - alpha) * g.nextDouble();
                } while (g.nextDouble() > Math.exp(-(z * z - nearest * nearest) / 2));
            }
            values[i] = mean + std * z;
        }
        return write(t, values);
    }

    /**
     * {@link #truncNormal(Tensor, double, double, double, double, Generator)} from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param b the upper bound
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b) {
        return truncNormal(t, mean, std, a, b, Kiln.defaultGenerator());
    }

    // ------------------------------------------------------------------ constants

    /**
     * Fills with {@code value}.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param value the value every element gets
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor constant(Tensor t, double value) {
        try (var off = GradMode.disabled()) {
            return t.fill_(value);
        }
    }

    /**
     * Fills with 1.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /**
     * Fills with 0.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /**
     * Fills a 2-D tensor with the identity (ones on the main diagonal, also when it is not square).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor eye(Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("init.eye: only 2-D tensors are supported, got shape " + Shape.str(t.shape()));
        }
        int rows = t.size(0);
        int cols = t.size(1);
        double[] values = new double[rows * cols];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            values[i * cols + i] = 1;
        }
        return write(t, values);
    }

    /**
     * {@link #dirac(Tensor, int)} with one group.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor dirac(Tensor t) {
        return dirac(t, 1);
    }

    /**
     * Fills a 3-, 4- or 5-D convolution weight (out, in, k…) with the Dirac delta, so that the
     * convolution preserves the identity of its inputs in each of {@code groups} groups: all zeros
     * except W[g·out/groups + i, i, k1//2, k2//2, …] = 1 for i &lt; min(out/groups, in).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param groups the number of groups of a grouped convolution
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor dirac(Tensor t, int groups) {
        int[] s = t.shape();
        if (s.length < 3 || s.length > 5) {
            throw new IllegalArgumentException("init.dirac: only 3-, 4- and 5-D tensors are supported, got shape " + Shape.str(s));
        }
        if (groups < 1 || s[0] % groups != 0) {
            throw new IllegalArgumentException("init.dirac: dim 0 (" + s[0] + ") must be divisible by groups (" + groups + ")");
        }
        int outPerGroup = s[0] / groups;
        int minDim = Math.min(outPerGroup, s[1]);
        int[] strides = Shape.contiguousStrides(s);
        int centre = 0;
        for (int d = 2; d < s.length; d++) {
            centre += (s[d] / 2) * strides[d];
        }
        double[] values = new double[Shape.numel(s)];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < minDim; i++) {
                values[(g * outPerGroup + i) * strides[0] + i * strides[1] + centre] = 1;
            }
        }
        return write(t, values);
    }

    // ------------------------------------------------------------------ scaled by fans

    /**
     * Glorot/Xavier uniform: U(−bound, bound) with bound = gain·√(6/(fan_in+fan_out)).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        Fans f = calculateFanInAndFanOut(t.shape());
        double bound = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform(t, -bound, bound, g);
    }

    /**
     * Xavier uniform with gain 1 from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1, Kiln.defaultGenerator());
    }

    /**
     * Xavier uniform from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierUniform(Tensor t, double gain) {
        return xavierUniform(t, gain, Kiln.defaultGenerator());
    }

    /**
     * Glorot/Xavier normal: N(0, std²) with std = gain·√(2/(fan_in+fan_out)).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        Fans f = calculateFanInAndFanOut(t.shape());
        return normal(t, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), g);
    }

    /**
     * Xavier normal with gain 1 from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1, Kiln.defaultGenerator());
    }

    /**
     * Xavier normal from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor xavierNormal(Tensor t, double gain) {
        return xavierNormal(t, gain, Kiln.defaultGenerator());
    }

    /**
     * He/Kaiming uniform: U(−bound, bound) with bound = √3·gain/√fan, where gain =
     * {@code calculateGain(nonlinearity, a)} and fan is fan_in or fan_out per {@code mode}. With
     * a = √5 and leaky_relu this is the default initialisation of {@link dev.kiln.nn.Linear}.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param mode FAN_IN preserves the variance of activations in the forward pass, FAN_OUT of gradients in the backward pass
     * @param nonlinearity the activation that follows, which sets the gain
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator g) {
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, g);
    }

    /**
     * Kaiming uniform from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param mode FAN_IN preserves the variance of activations in the forward pass, FAN_OUT of gradients in the backward pass
     * @param nonlinearity the activation that follows, which sets the gain
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, Kiln.defaultGenerator());
    }

    /**
     * Kaiming uniform with PyTorch's defaults: a = 0, fan_in, leaky_relu (so gain √2).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, Kiln.defaultGenerator());
    }

    /**
     * He/Kaiming normal: N(0, std²) with std = gain/√fan (see {@link #kaimingUniform}).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param mode FAN_IN preserves the variance of activations in the forward pass, FAN_OUT of gradients in the backward pass
     * @param nonlinearity the activation that follows, which sets the gain
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator g) {
        return normal(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)), g);
    }

    /**
     * Kaiming normal from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param a the lower bound (uniform, truncated normal) or the negative slope of a leaky ReLU (Kaiming)
     * @param mode FAN_IN preserves the variance of activations in the forward pass, FAN_OUT of gradients in the backward pass
     * @param nonlinearity the activation that follows, which sets the gain
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, Kiln.defaultGenerator());
    }

    /**
     * Kaiming normal with PyTorch's defaults: a = 0, fan_in, leaky_relu.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, Kiln.defaultGenerator());
    }

    // ------------------------------------------------------------------ structured

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al. 2013). The tensor (at least 2-D)
     * is viewed as rows = shape[0] by cols = the product of the rest; a Gaussian matrix of that
     * shape (transposed when rows &lt; cols) is factored A = QR in double precision by modified
     * Gram–Schmidt with re-orthogonalisation, which gives R a positive diagonal and so the same Q
     * as PyTorch's sign-corrected QR. Then W·Wᵀ = gain²·I if rows ≤ cols, else Wᵀ·W = gain²·I.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator g) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("init.orthogonal: only tensors with 2 or more dimensions are supported, got shape "
                    + Shape.str(t.shape()));
        }
        int rows = t.size(0);
        int cols = t.numel() / Math.max(rows, 1);
        if (t.numel() == 0) {
            return t;
        }
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows; // the tall side
        int n = transposed ? rows : cols;
        // columns of the m×n Gaussian matrix, q[j][i]
        double[][] q = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[j][i] = g.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            double[] v = q[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double[] u = q[k];
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += u[i] * v[i];
                    }
                    for (int i = 0; i < m; i++) {
                        v[i] -= dot * u[i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                throw new IllegalStateException("init.orthogonal: degenerate random matrix (probability zero); try another generator");
            }
            for (int i = 0; i < m; i++) {
                v[i] /= norm;
            }
        }
        double[] values = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // Q is m×n with Q[i][j] = q[j][i]; W = Q (rows ≥ cols) or Qᵀ (rows < cols)
                values[r * cols + c] = gain * (transposed ? q[r][c] : q[c][r]);
            }
        }
        return write(t, values);
    }

    /**
     * Orthogonal with gain 1 from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor orthogonal(Tensor t) {
        return orthogonal(t, 1, Kiln.defaultGenerator());
    }

    /**
     * Orthogonal from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param gain the scaling factor (see {@link #calculateGain})
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor orthogonal(Tensor t, double gain) {
        return orthogonal(t, gain, Kiln.defaultGenerator());
    }

    /**
     * A sparse 2-D matrix (Martens 2010): in each column exactly ceil(sparsity·rows) entries, at
     * random rows, are zero; the others are N(0, std²).
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param sparsity the fraction of each column set to zero
     * @param std the standard deviation of the normal distribution
     * @param g the random generator drawn from
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor sparse(Tensor t, double sparsity, double std, Generator g) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("init.sparse: only 2-D tensors are supported, got shape " + Shape.str(t.shape()));
        }
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new IllegalArgumentException("init.sparse: sparsity must be in [0, 1], got " + sparsity);
        }
        int rows = t.size(0);
        int cols = t.size(1);
        int zeros = (int) Math.ceil(sparsity * rows);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * g.nextGaussian();
        }
        int[] perm = new int[rows];
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < rows; i++) {
                perm[i] = i;
            }
            // partial Fisher–Yates: the first `zeros` entries become a uniform random subset
            for (int i = 0; i < zeros; i++) {
                int j = i + (int) g.nextLong(rows - i);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
                values[perm[i] * cols + c] = 0;
            }
        }
        return write(t, values);
    }

    /**
     * Sparse from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param sparsity the fraction of each column set to zero
     * @param std the standard deviation of the normal distribution
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor sparse(Tensor t, double sparsity, double std) {
        return sparse(t, sparsity, std, Kiln.defaultGenerator());
    }

    /**
     * Sparse with std 0.01 from the default generator.
     *
     * @param t the tensor filled in place (without recording a graph)
     * @param sparsity the fraction of each column set to zero
     * @return the tensor {@code t}, for chaining
     */
    public static Tensor sparse(Tensor t, double sparsity) {
        return sparse(t, sparsity, 0.01, Kiln.defaultGenerator());
    }

    /** Copies row-major {@code values} into {@code t} (any layout, converted to its dtype) without recording a graph. */
    private static Tensor write(Tensor t, double[] values) {
        try (var off = GradMode.disabled()) {
            return t.copy_(Tensor.fromArray(values, t.shape()));
        }
    }
}
