package dev.kiln.nn;

import java.util.Iterator;

/**
 * A list of modules whose parameters are registered (under the names {@code "0"}, {@code "1"}, …)
 * but which, unlike {@link Sequential}, has no forward of its own: the owner decides how to use
 * them, as in PyTorch's {@code nn.ModuleList}.
 *
 * <pre>{@code
 * final class Tower extends Module {
 *     final ModuleList blocks = registerModule("blocks", new ModuleList());
 *     Tower(int depth) { for (int i = 0; i < depth; i++) blocks.add(new Linear(64, 64)); }
 *     public Tensor forward(Tensor x) { for (Module b : blocks) x = b.forward(x).relu(); return x; }
 * }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {

    /**
     * A list holding {@code modules} in order.
     *
     * @param modules the modules, in order
     */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            registerModule(String.valueOf(size()), m);
        }
    }

    /**
     * Appends {@code module}; returns this list.
     *
     * @param module the module appended
     * @return this container
     */
    public ModuleList add(Module module) {
        registerModule(String.valueOf(size()), module);
        return this;
    }

    /**
     * {@return the {@code i}-th module (negative counts from the end)}
     *
     * @param i the index, negative counting from the end
     */
    public Module get(int i) {
        return childAt(i);
    }

    /**
     * {@return number of modules}
     */
    public final int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
