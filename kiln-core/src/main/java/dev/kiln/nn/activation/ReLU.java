package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/**
 * max(0, x). Module form of {@link Activations#relu}.
 *
 * <p>{@link #inPlace()} is PyTorch's {@code ReLU(inplace=True)}: it may overwrite its input instead
 * of allocating an output, which saves one array per layer when it follows a {@code Linear} or
 * {@code Conv2d} (as in {@link dev.kiln.nn.zoo.Models}). Kiln does so only where no one else can
 * have read the input yet — the output a library kernel has just written into storage of its own
 * ({@link Activations#reluConsuming}) — and otherwise computes out of place, so the numbers and the
 * gradients are those of {@code new ReLU()} either way. A caller that keeps a reference to the input
 * must not use the in-place form.
 *
 * <pre>{@code
 * var mlp = new Sequential(new Linear(784, 256), ReLU.inPlace(), new Linear(256, 10));
 * }</pre>
 */
public final class ReLU extends Module {
    private final boolean inPlace;

    /** The out-of-place ReLU ({@code nn.ReLU()}). */
    public ReLU() {
        this(false);
    }

    private ReLU(boolean inPlace) {
        this.inPlace = inPlace;
    }

    /**
     * {@return a ReLU that may overwrite its input ({@code nn.ReLU(inplace=True)}; see the class comment)}
     */
    public static ReLU inPlace() {
        return new ReLU(true);
    }

    /**
     * {@return true for the form made by {@link #inPlace()}}
     */
    public boolean isInPlace() {
        return inPlace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inPlace ? Activations.reluConsuming(input) : Activations.relu(input);
    }

    @Override
    public String extraRepr() {
        return inPlace ? "inplace=true" : "";
    }
}
