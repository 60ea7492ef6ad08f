package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Iterator;

/**
 * A chain of modules: {@code forward(x)} feeds {@code x} through each child in order.
 *
 * <p>Children passed to the constructor or to {@link #add(Module)} are named {@code "0"},
 * {@code "1"}, …, so that parameter names match PyTorch's {@code nn.Sequential}
 * ({@code 0.weight}, {@code 2.bias}); {@link #add(String, Module)} gives a name explicitly.
 *
 * <pre>{@code
 * var mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * Tensor logits = mlp.forward(images.flatten(1, -1));   // (N, 784) -> (N, 10)
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {

    /**
     * A chain of {@code modules}, named "0", "1", … in order.
     *
     * @param modules the modules, in order
     */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            registerModule(String.valueOf(size()), m);
        }
    }

    /**
     * Appends {@code module} under the next index as its name; returns this container.
     *
     * @param module the module appended
     * @return this container
     */
    public Sequential add(Module module) {
        return add(String.valueOf(size()), module);
    }

    /**
     * Appends {@code module} under {@code name}; returns this container.
     *
     * @param name the name, unique among the siblings and without '.'
     * @param module the module appended
     * @return this container
     */
    public Sequential add(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    /**
     * {@return the {@code i}-th child (negative counts from the end)}
     *
     * @param i the index, negative counting from the end
     */
    public Module get(int i) {
        return childAt(i);
    }

    /**
     * {@return the child named {@code name}}
     *
     * @param name the name, unique among the siblings and without '.'
     */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("Sequential.get: no module named '" + name + "'; names are " + namedChildren().keySet());
        }
        return m;
    }

    /**
     * {@return number of children}
     */
    public final int size() {
        return namedChildren().size();
    }

    /** Applies the children in order. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.call(x);
        }
        return x;
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
