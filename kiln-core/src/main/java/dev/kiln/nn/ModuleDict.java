package dev.kiln.nn;

import java.util.Map;
import java.util.Set;

/**
 * Modules by name, registered in insertion order (parameter names {@code name.weight}), with no
 * forward of its own, as PyTorch's {@code nn.ModuleDict}.
 *
 * <pre>{@code
 * var heads = new ModuleDict().put("cls", new Linear(128, 10)).put("box", new Linear(128, 4));
 * Tensor boxes = heads.get("box").forward(features);
 * }</pre>
 */
public class ModuleDict extends Module {

    /** An empty dictionary. */
    public ModuleDict() {
    }

    /**
     * A dictionary holding {@code modules} in the map's iteration order.
     *
     * @param modules the modules, in order
     */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::registerModule);
    }

    /**
     * Adds {@code module} under {@code name} (names are unique and contain no '.'); returns this.
     *
     * @param name the name, unique among the siblings and without '.'
     * @param module the module added
     * @return this dict
     */
    public ModuleDict put(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    /**
     * {@return the module named {@code name}}
     *
     * @param name the name, unique among the siblings and without '.'
     */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict.get: no module named '" + name + "'; names are " + keySet());
        }
        return m;
    }

    /**
     * {@return true when a module is registered under {@code name}}
     *
     * @param name the name, unique among the siblings and without '.'
     */
    public boolean containsKey(String name) {
        return namedChildren().containsKey(name);
    }

    /**
     * {@return the names, in insertion order}
     */
    public Set<String> keySet() {
        return namedChildren().keySet();
    }

    /**
     * {@return number of modules}
     */
    public int size() {
        return namedChildren().size();
    }
}
