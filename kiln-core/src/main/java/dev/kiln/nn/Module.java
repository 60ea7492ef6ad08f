package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The base of every layer and model: it holds parameters, buffers and child modules by name, in
 * registration order, and switches between training and evaluation behaviour.
 *
 * <p>A subclass registers its state in the constructor and computes in {@link #forward(Tensor)}:
 * <pre>{@code
 * final class TwoLayer extends Module {
 *     private final Linear fc1 = registerModule("fc1", new Linear(4, 8));
 *     private final Linear fc2 = registerModule("fc2", new Linear(8, 1));
 *     public Tensor forward(Tensor x) { return fc2.call(fc1.call(x).relu()); }
 * }
 * }</pre>
 * Parameter names follow PyTorch's ({@code fc1.weight}, {@code features.3.bias}), so that state
 * dicts can be exchanged with it.
 *
 * <p>Around the tree of modules:
 * <ul>
 *   <li>{@link #stateDict()} / {@link #loadStateDict(Map, boolean)}: every parameter and buffer by
 *       its PyTorch key; a load validates everything first and names every bad key.</li>
 *   <li>{@link #freeze(String)} / {@link #unfreeze(String)} by glob on parameter names
 *       ({@code "features.*"}), or {@link #requiresGrad(boolean)} for the whole module.</li>
 *   <li>{@link #apply(Consumer)} to visit every module (custom initialisation),
 *       {@link #namedModules()} to list them by path.</li>
 *   <li>{@link #call(Tensor)}: {@code forward} with the hooks of {@link #registerForwardHook(ForwardHook)}.</li>
 *   <li>{@link #summary(int...)}: the module tree with output shapes and parameter counts, as torchinfo prints it.</li>
 * </ul>
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardPreHook> preHooks = new ArrayList<>(0);
    private final List<ForwardHook> hooks = new ArrayList<>(0);
    private boolean training = true;

    /** A module with no parameters, buffers or children yet, in training mode. */
    protected Module() {
    }

    /**
     * Computes the module's output. Modules with two inputs (losses, Bilinear) offer their own
     * {@code forward} and reject this one.
     *
     * @param input the input batch
     * @return the output of this module for {@code input}
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single input");
    }

    /**
     * Runs {@link #forward(Tensor)} between this module's pre-hooks and hooks, as calling a PyTorch
     * module ({@code module(x)}) does; calling {@code forward} directly skips the hooks. Containers
     * call their children this way, and a custom module that does too shows its children nested
     * in {@link #summary(int...)}.
     *
     * @param input the input
     * @return the output of {@code forward}
     */
    public final Tensor call(Tensor input) {
        if (preHooks.isEmpty() && hooks.isEmpty()) {
            return forwardInScope(input);
        }
        // a hook may keep what it sees: neither tensor's array is reused after backward
        ForwardArrays.escape(input);
        for (ForwardPreHook h : List.copyOf(preHooks)) {
            h.beforeForward(this, input);
        }
        Tensor output = forwardInScope(input);
        ForwardArrays.escape(output);
        for (ForwardHook h : List.copyOf(hooks)) {
            h.afterForward(this, input, output);
        }
        return output;
    }

    /**
     * {@link #forward(Tensor)} as the innermost running module, for the reuse of forward-output arrays
     * ({@link ForwardArrays}): inside one of the library's own modules called by another, large outputs may
     * take their arrays from the bound {@code Workspace}; the input of a user's module, and the output of a
     * module called from outside the library's modules, escape (their arrays are never reused).
     */
    final Tensor forwardInScope(Tensor input) {
        if (!ForwardArrays.active()) {
            return forward(input);
        }
        boolean callerIsLibrary = ForwardArrays.inLibraryModule();
        boolean library = ForwardArrays.isLibraryClass(getClass());
        if (!library) {
            ForwardArrays.escape(input);
        }
        Tensor output = ForwardArrays.within(library, callerIsLibrary, () -> forward(input));
        if (!callerIsLibrary) {
            ForwardArrays.escape(output);
        }
        return output;
    }

    /**
     * Registers a hook run after every {@link #call(Tensor)} of this module (PyTorch's
     * {@code register_forward_hook}).
     *
     * @param hook sees the module, its input and its output
     * @return a handle whose {@code remove()} unregisters the hook
     */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return removal(hooks, hook);
    }

    /**
     * Registers a hook run before every {@link #call(Tensor)} of this module (PyTorch's
     * {@code register_forward_pre_hook}).
     *
     * @param hook sees the module and its input
     * @return a handle whose {@code remove()} unregisters the hook
     */
    public final HookHandle registerForwardPreHook(ForwardPreHook hook) {
        preHooks.add(hook);
        return removal(preHooks, hook);
    }

    /** A handle that takes {@code hook} out of {@code list} once; later calls do nothing. */
    private static HookHandle removal(List<?> list, Object hook) {
        boolean[] removed = {false};
        return () -> {
            if (!removed[0]) {
                removed[0] = true;
                list.remove(hook);
            }
        };
    }

    /** True when a hook would observe a {@link #call(Tensor)} (a fused container path must then not skip it). */
    final boolean hasForwardHooks() {
        return !preHooks.isEmpty() || !hooks.isEmpty();
    }

    /**
     * Registers a learnable parameter (it is marked as requiring grad). A null value registers
     * an absent optional parameter, such as a bias turned off, which is then skipped.
     *
     *
     * @param name the attribute name, unique in this module and without '.'
     * @param parameter the parameter's value, a leaf tensor (null for an absent optional parameter)
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

    /**
     * Registers a buffer: state saved in the state dict but not learned (running statistics).
     *
     * @param name the attribute name, unique in this module and without '.'
     * @param buffer the buffer's value, or null for an absent optional buffer
     * @return {@code buffer}, for assignment to a field
     */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /**
     * Registers a child module.
     *
     * @param name the attribute name, unique in this module and without '.'
     * @param module the child (not null)
     * @param <M> the child's type
     * @return {@code module}, for assignment to a field
     * @throws IllegalArgumentException naming the module when it is null or the name is invalid or taken
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        if (module == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": module '" + name + "' is null");
        }
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

    /**
     * Replaces the value of a registered parameter (for example after weight loading).
     *
     * @param name the attribute name, unique in this module and without '.'
     * @param parameter the parameter's value, a leaf tensor (null for an absent optional parameter)
     */
    protected final void setParameter(String name, Tensor parameter) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter named '" + name + "'");
        }
        parameters.put(name, parameter);
    }

    /**
     * Replaces the value of a registered buffer.
     *
     * @param name the attribute name, unique in this module and without '.'
     * @param buffer the buffer's value, or null for an absent optional buffer
     */
    protected final void setBuffer(String name, Tensor buffer) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer named '" + name + "'");
        }
        buffers.put(name, buffer);
    }

    /**
     * {@return this module's own parameters (not its children's), by name; absent optional ones are null}
     */
    protected final Map<String, Tensor> localParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * {@return this module's own buffers, by name}
     */
    protected final Map<String, Tensor> localBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * {@return direct children by name, in registration order}
     */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * {@return direct children in registration order}
     */
    public final List<Module> children() {
        return new ArrayList<>(children.values());
    }

    /**
     * {@return the {@code i}-th direct child in registration order (negative counts from the end)}
     * The containers' {@code get(int)}.
     *
     * @param i the index, negative counting from the end
     * @throws IndexOutOfBoundsException when there is no such child
     */
    protected final Module childAt(int i) {
        int n = children.size();
        int j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            throw new IndexOutOfBoundsException(getClass().getSimpleName() + ".get: index " + i + " out of range for " + n + " modules");
        }
        return children().get(j);
    }

    /**
     * {@return this module and all its descendants, depth first, each once}
     */
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

    /**
     * {@return every parameter of this module and its descendants with its dotted name, in registration order}
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", true);
        return out;
    }

    /**
     * {@return every buffer with its dotted name}
     */
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

    /**
     * {@return every parameter, in registration order}
     */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Sets training mode on this module and its descendants (dropout active, batch statistics used).
     * The boolean argument mirrors PyTorch's {@code module.train(mode)} exactly, so that ported code
     * reads the same; {@link #eval()} is {@code train(false)}.
     *
     * @param mode true for training mode, false for evaluation mode
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.train(mode);
        }
        return this;
    }

    /**
     * Training mode.
     *
     * @return this module
     */
    public final Module train() {
        return train(true);
    }

    /**
     * Evaluation mode.
     *
     * @return this module
     */
    public final Module eval() {
        return train(false);
    }

    /** Sets this module's own mode flag only (children untouched); used to restore a saved state of modes. */
    final void setTrainingFlag(boolean mode) {
        training = mode;
    }

    /**
     * {@return true in training mode}
     */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    // ------------------------------------------------------------------ traversal

    /**
     * {@return this module (under the name {@code ""}) and every descendant under its dotted path
     * ({@code features}, {@code features.0}), depth first in registration order, each once}
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectNamedModules(out, "");
        return out;
    }

    private void collectNamedModules(Map<String, Module> out, String prefix) {
        if (out.values().stream().anyMatch(m -> m == this)) {
            return;
        }
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectNamedModules(out, prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey());
        }
    }

    /**
     * Calls {@code fn} on every descendant and then on this module (children first, as PyTorch's
     * {@code apply}), typically to initialise weights:
     * <pre>{@code
     * model.apply(m -> { if (m instanceof Linear l) Init.xavierUniform(l.weight()); });
     * }</pre>
     *
     *
     * @param fn called once on each module
     * @return this module
     */
    public final Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ freezing

    /**
     * Sets {@code requiresGrad} on every parameter of this module and its descendants: {@code false}
     * freezes them (they get no gradient and an optimiser leaves them alone), {@code true} unfreezes.
     * The boolean argument mirrors PyTorch's {@code module.requires_grad_(requires_grad)} exactly.
     *
     * @param value true to let gradients reach the parameters, false to freeze them
     * @return this module
     */
    public final Module requiresGrad(boolean value) {
        for (Tensor p : parameters()) {
            p.requiresGrad(value);
        }
        return this;
    }

    /**
     * Freezes the parameters whose dotted name matches the glob {@code pattern}: {@code *} matches
     * any run of characters (dots included), {@code ?} one character, everything else itself; the
     * whole name must match. {@code freeze("features.*")} freezes {@code features.0.weight} and
     * {@code features.3.bias}; {@code freeze("*.bias")} every bias.
     *
     *
     * @param pattern a glob over dotted parameter names ({@code *} within a name part, {@code **} across parts)
     * @return the names frozen, in registration order
     * @throws IllegalArgumentException when the pattern matches no parameter (a likely typo)
     */
    public final List<String> freeze(String pattern) {
        return setRequiresGrad(pattern, false);
    }

    /**
     * Unfreezes the parameters whose name matches the glob {@code pattern}, as {@link #freeze(String)}.
     *
     * @param pattern a glob over dotted parameter names ({@code *} within a name part, {@code **} across parts)
     * @return the dotted names of the parameters unfrozen
     */
    public final List<String> unfreeze(String pattern) {
        return setRequiresGrad(pattern, true);
    }

    /**
     * Freezes the parameters whose dotted name satisfies {@code selector}; returns their names (none
     * is no error, unlike {@link #freeze(String)}).
     *
     * @param selector true for the dotted names of the parameters to freeze
     * @return the dotted names of the parameters frozen, in registration order
     */
    public final List<String> freeze(Predicate<String> selector) {
        return setRequiresGrad(selector, false);
    }

    /**
     * Unfreezes the parameters whose dotted name satisfies {@code selector}, as {@link #freeze(Predicate)}.
     *
     * @param selector true for the dotted names of the parameters to unfreeze
     * @return the dotted names of the parameters unfrozen, in registration order
     */
    public final List<String> unfreeze(Predicate<String> selector) {
        return setRequiresGrad(selector, true);
    }

    private List<String> setRequiresGrad(Predicate<String> selector, boolean value) {
        List<String> hit = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (selector.test(e.getKey())) {
                e.getValue().requiresGrad(value);
                hit.add(e.getKey());
            }
        }
        return hit;
    }

    private List<String> setRequiresGrad(String pattern, boolean value) {
        Pattern regex = globToRegex(pattern);
        List<String> hit = setRequiresGrad(name -> regex.matcher(name).matches(), value);
        if (hit.isEmpty()) {
            throw new IllegalArgumentException((value ? "unfreeze" : "freeze") + ": pattern '" + pattern
                    + "' matches no parameter; parameters are " + namedParameters().keySet());
        }
        return hit;
    }

    /** Translates a glob ({@code *} any characters, {@code ?} one character) into an anchored regex. */
    static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    // ------------------------------------------------------------------ state dict

    /**
     * {@return every parameter and buffer under the key PyTorch would use ({@code 0.weight},
     * {@code features.3.bias}, {@code bn.running_mean}): per module its parameters, then its
     * buffers, then its children in registration order} The values are detached tensors that share
     * storage with the module's own, so saving them needs no copy. A parameter shared by two
     * modules appears under both names, as in PyTorch.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState(out, "", Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out;
    }

    private void collectState(Map<String, Tensor> out, String prefix, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (e.getValue() != null) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (e.getValue() != null) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectState(out, prefix + e.getKey() + ".", seen);
        }
    }

    /**
     * What a non-strict {@link #loadStateDict(Map, boolean)} did not match.
     *
     * @param missingKeys the module's keys the state dict lacked
     * @param unexpectedKeys the state dict's keys the module does not have
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        /**
         * True when every key matched.
         *
         * @return true when no key was missing or unexpected
         */
        public boolean isComplete() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
        }
    }

    /**
     * Loads a state dict strictly: see {@link #loadStateDict(Map, boolean)}.
     *
     * @param state the values by dotted name, as {@link #stateDict()} writes them
     * @return the missing and unexpected keys
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * Copies the values of {@code state} into this module's parameters and buffers, in place and
     * without recording a graph (values are converted to each tensor's dtype). Everything is
     * validated before anything is copied, so a refused load leaves the module unchanged.
     *
     * <p>A shape mismatch is always an error. With {@code strict}, keys of the module that
     * {@code state} lacks ("missing") and keys of {@code state} the module does not have
     * ("unexpected") are errors too; otherwise they are reported in the result. The boolean
     * {@code strict} mirrors PyTorch's {@code load_state_dict(state_dict, strict)} exactly.
     *
     * @param state the values by dotted name, as {@link #stateDict()} writes them
     * @param strict true to throw when a key is missing or unexpected, false to report them in the result
     * @return the missing and unexpected keys
     * @throws IllegalArgumentException naming every missing, unexpected and mis-shaped key
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Shape.same(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + " (checkpoint " + Shape.str(src.shape()) + ", model "
                        + Shape.str(e.getValue().shape()) + ")");
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        boolean refuse = !mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()));
        if (refuse) {
            StringBuilder sb = new StringBuilder("loadStateDict: error(s) loading state dict for ")
                    .append(getClass().getSimpleName()).append("; nothing was loaded.");
            if (strict && !missing.isEmpty()) {
                sb.append("\n  missing key(s): ").append(String.join(", ", missing));
            }
            if (strict && !unexpected.isEmpty()) {
                sb.append("\n  unexpected key(s): ").append(String.join(", ", unexpected));
            }
            if (!mismatched.isEmpty()) {
                sb.append("\n  size mismatch for: ").append(String.join(", ", mismatched));
            }
            throw new IllegalArgumentException(sb.toString());
        }
        try (var off = GradMode.disabled()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copy_(src);
                }
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ------------------------------------------------------------------ summary

    /**
     * {@return a torchinfo-like summary: the tree of modules as the forward pass calls them (children run
     * through {@link #call(Tensor)} appear nested under their parent), each with its output shape for
     * an input of {@code inputShape} (batch dimension included) and its parameter count, then the
     * totals of trainable and frozen parameters} See {@link Summary}.
     *
     * @param inputShape the shape of a float32 input, batch dimension included
     */
    public final Summary summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    /**
     * {@return {@link #summary(int...)} for an example input (for instance int64 token ids)}
     *
     * @param exampleInput an input the model accepts, with its batch dimension
     */
    public final Summary summary(Tensor exampleInput) {
        return Summary.of(this, exampleInput);
    }

    /**
     * {@return number of parameter elements of this module and its descendants}
     */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /**
     * {@return a one-line description of the module's configuration, such as {@code in_features=4, out_features=8}}
     */
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
