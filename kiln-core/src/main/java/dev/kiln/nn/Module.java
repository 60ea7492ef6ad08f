package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer and model: it holds parameters, buffers and child modules by name, in
 * registration order, and switches between training and evaluation behaviour.
 *
 * <p>A subclass registers its state in the constructor and computes in {@link #forward(Tensor)}:
 * <pre>{@code
 * final class TwoLayer extends Module {
 *     private final Linear fc1 = registerModule("fc1", new Linear(4, 8));
 *     private final Linear fc2 = registerModule("fc2", new Linear(8, 1));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * }</pre>
 * Parameter names follow PyTorch's ({@code fc1.weight}, {@code features.3.bias}), so that state
 * dicts can be exchanged with it.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Computes the module's output. Modules with two inputs (losses, Bilinear) offer their own
     * {@code forward} and reject this one.
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single input");
    }

    /**
     * Registers a learnable parameter (it is marked as requiring grad). A null value registers
     * an absent optional parameter, such as a bias turned off, which is then skipped.
     *
     * @return the parameter
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        if (parameter != null && !parameter.requiresGrad()) {
            parameter.requiresGrad(true);
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a buffer: state saved in the state dict but not learned (running statistics). */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (names are non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
        }
    }

    /** Replaces the value of a registered parameter (for example after weight loading). */
    protected final void setParameter(String name, Tensor parameter) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter named '" + name + "'");
        }
        parameters.put(name, parameter);
    }

    /** Replaces the value of a registered buffer. */
    protected final void setBuffer(String name, Tensor buffer) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer named '" + name + "'");
        }
        buffers.put(name, buffer);
    }

    /** This module's own parameters (not its children's), by name; absent optional ones are null. */
    protected final Map<String, Tensor> localParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** This module's own buffers, by name. */
    protected final Map<String, Tensor> localBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Direct children in registration order. */
    public final List<Module> children() {
        return new ArrayList<>(children.values());
    }

    /** This module and all its descendants, depth first, each once. */
    public final List<Module> modules() {
        List<Module> out = new ArrayList<>();
        collectModules(out);
        return out;
    }

    private void collectModules(List<Module> out) {
        if (out.stream().anyMatch(m -> m == this)) {
            return;
        }
        out.add(this);
        for (Module c : children.values()) {
            c.collectModules(out);
        }
    }

    /** Every parameter of this module and its descendants with its dotted name, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", true);
        return out;
    }

    /** Every buffer with its dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", false);
        return out;
    }

    private void collect(Map<String, Tensor> out, String prefix, boolean params) {
        for (Map.Entry<String, Tensor> e : (params ? parameters : buffers).entrySet()) {
            if (e.getValue() != null && out.values().stream().noneMatch(t -> t == e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(out, prefix + e.getKey() + ".", params);
        }
    }

    /** Every parameter, in registration order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Sets training mode on this module and its descendants (dropout active, batch statistics used). */
    public Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.train(mode);
        }
        return this;
    }

    /** Training mode. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode. */
    public final Module eval() {
        return train(false);
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    /** A one-line description of the module's configuration, such as {@code in_features=4, out_features=8}. */
    public String extraRepr() {
        return "";
    }

    /** Prints the module tree like PyTorch's repr. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
