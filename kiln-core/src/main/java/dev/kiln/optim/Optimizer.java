package dev.kiln.optim;

import dev.kiln.autograd.GradMode;
import dev.kiln.internal.Records;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every optimiser: parameter groups with typed hyper-parameters, per-parameter
 * state, {@link #step()}, {@link #zeroGrad(boolean)} and a state dict from which a resumed run
 * continues exactly.
 *
 * <p>A subclass supplies {@link #update}: the update of one parameter from its gradient.
 * {@code step()} advances the parameter's step count and runs it for every parameter whose gradient
 * is not null, without recording a graph. An element-wise algorithm's {@code update} reads in one order: the
 * step's coefficients (from {@code state.step()} and the hyper-parameters), the state buffers, then
 * its formula on the elements, block by block through {@code Elements.forEachBlock} (float32 and
 * float64 alike); Adam and SGD call the backend's fused kernels.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), Adam.Options.of(1e-3));
 * for (...) {
 *     opt.zeroGrad(true);
 *     loss(model).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * @param <H> the algorithm's hyper-parameter record
 */
public abstract class Optimizer<H extends Hyperparameters<H>> {
    /** The hyper-parameters used for groups added without their own. */
    protected final H defaults;
    private final List<ParamGroup<H>> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /** A loss closure for algorithms that re-evaluate the function ({@link LBFGS}). */
    @FunctionalInterface
    public interface Closure {
        /**
         * Zeroes the gradients, computes the loss, calls backward and returns the loss.
         *
         * @return the loss
         */
        double evaluate();
    }

    /**
     * An optimiser over several groups, each built from {@code defaults} and its overrides. A
     * subclass's constructor over one list of parameters passes {@link ParamGroupSpec#all(List)}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param specs the parameter groups, each with its own overrides of {@code defaults}
     */
    protected Optimizer(H defaults, List<ParamGroupSpec> specs) {
        this.defaults = defaults;
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(name() + ": optimizer got an empty list of parameter groups");
        }
        for (ParamGroupSpec s : specs) {
            addParamGroup(s);
        }
    }

    /**
     * {@return the algorithm's name, for messages}
     */
    protected final String name() {
        return getClass().getSimpleName();
    }

    /**
     * Adds a group with its own hyper-parameters.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the new group's hyper-parameters
     * @return the new group
     */
    public final ParamGroup<H> addParamGroup(List<Tensor> params, H options) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name() + ": a parameter group needs at least one parameter");
        }
        for (Tensor p : params) {
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(name() + ": can only optimize float32/float64 tensors, got a " + p.dtype()
                        + " tensor of shape " + Shape.str(p.shape()));
            }
            for (ParamGroup<H> g : groups) {
                for (Tensor q : g.params()) {
                    if (q == p) {
                        throw new IllegalArgumentException(name() + ": some parameters appear in more than one parameter group");
                    }
                }
            }
        }
        ParamGroup<H> g = new ParamGroup<>(params, options);
        groups.add(g);
        return g;
    }

    /**
     * Adds a group built from the defaults and the spec's overrides.
     *
     * @param spec the new group's parameters and hyper-parameter overrides
     * @return the new group
     */
    public final ParamGroup<H> addParamGroup(ParamGroupSpec spec) {
        return addParamGroup(spec.params(), spec.apply(defaults));
    }

    /**
     * {@return the parameter groups, in order (unmodifiable)}
     */
    public final List<ParamGroup<H>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * {@return the state of {@code param} (created empty on first use)}
     *
     * @param param a parameter this optimiser updates
     */
    public final ParamState state(Tensor param) {
        return state.computeIfAbsent(param, k -> new ParamState());
    }

    /**
     * Clears gradients: sets them to null when {@code setToNull}, else fills them with zeros. The
     * boolean argument mirrors PyTorch's {@code optimizer.zero_grad(set_to_none)} exactly.
     *
     * @param setToNull true to drop the gradients (null), false to zero them in place
     */
    public void zeroGrad(boolean setToNull) {
        for (ParamGroup<H> g : groups) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                if (setToNull) {
                    p.setGrad(null);
                } else {
                    try (var off = GradMode.disabled()) {
                        grad.detach().zero_();
                    }
                }
            }
        }
    }

    /** Same as {@code zeroGrad(true)}. */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /** Performs one optimisation step over every parameter that has a gradient. */
    public void step() {
        try (var off = GradMode.disabled()) {
            for (ParamGroup<H> g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() != null) {
                        updateParameter(p, g.options());
                    }
                }
            }
        }
    }

    /**
     * Evaluates {@code closure} (with grad mode on) and then steps; returns the loss it computed.
     * Algorithms that need several evaluations ({@link LBFGS}) override this.
     *
     * @param closure re-evaluates the model and returns the loss (null when the optimiser needs none)
     * @return the loss {@code closure} returned
     */
    public double step(Closure closure) {
        double loss;
        try (var on = GradMode.enabled()) {
            loss = closure.evaluate();
        }
        step();
        return loss;
    }

    private void updateParameter(Tensor p, H options) {
        Tensor grad = p.grad();
        Tensor g = grad.dtype() == p.dtype() ? grad.contiguous() : grad.to(p.dtype()).contiguous();
        Tensor work = p.isContiguous() ? p : p.contiguous();
        ParamState s = state(p);
        s.nextStep();
        update(work, g, options, s);
        if (work != p) {
            p.detach().copy_(work);
        } else {
            TensorInternals.storage(p).bumpVersion();
        }
    }

    /**
     * Updates one contiguous parameter in place from its contiguous gradient of the same dtype.
     * The step count is already advanced: {@code state.step()} is this step's number, 1 on the first.
     *
     * @param param the parameter (contiguous; its elements start at {@code param.offset()})
     * @param grad its gradient (contiguous; elements start at {@code grad.offset()})
     * @param options the group's hyper-parameters
     * @param state the parameter's state
     */
    protected abstract void update(Tensor param, Tensor grad, H options, ParamState state);

    /** The algorithm and each group's size and hyper-parameters, e.g. {@code SGD[group 0 (2 params): Options[lr=0.1, …]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append('[');
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("group ").append(i).append(" (").append(groups.get(i).params().size()).append(" params): ")
                    .append(groups.get(i).options());
        }
        return sb.append(']').toString();
    }

    /**
     * {@return true when {@code t} holds float32 data (else float64)}
     *
     * @param t the tensor checked
     */
    protected static boolean isFloat(Tensor t) {
        return t.dtype() == DType.FLOAT32;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * {@return the optimiser state: tensors named {@code state.<i>.<name>} (i numbers the parameters
     * across groups in order) and a JSON-ready map {@code {"state": {"<i>": {scalars}},
     * "param_groups": [{hyper-parameters…, "initial_lr", "params": [i…]}]}}} The tensors are
     * copies.
     */
    public OptimizerStateDict stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> stateJson = new LinkedHashMap<>();
        List<Object> groupsJson = new ArrayList<>();
        int index = 0;
        for (ParamGroup<H> g : groups) {
            Map<String, Object> gj = recordToMap(g.options());
            gj.put("initial_lr", Double.isNaN(g.initialLr()) ? null : g.initialLr());
            List<Object> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                ParamState s = state.get(p);
                if (s != null && !s.isEmpty()) {
                    for (Map.Entry<String, Tensor> e : s.tensors().entrySet()) {
                        tensors.put("state." + index + "." + e.getKey(), e.getValue().clone());
                    }
                    stateJson.put(Integer.toString(index), s.scalars());
                }
                ids.add((long) index);
                index++;
            }
            gj.put("params", ids);
            groupsJson.add(gj);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", stateJson);
        json.put("param_groups", groupsJson);
        return new OptimizerStateDict(tensors, json);
    }

    /**
     * Restores the state saved by {@link #stateDict()} into this optimiser, whose groups must have
     * the same sizes and parameter shapes. Tensors are copied.
     *
     * @param dict a state dict written by {@link #stateDict()} of an optimiser of the same kind over parameters of the same shapes
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(OptimizerStateDict dict) {
        List<Object> groupsJson = (List<Object>) dict.json().get("param_groups");
        Map<String, Object> stateJson = (Map<String, Object>) dict.json().get("state");
        if (groupsJson == null || stateJson == null) {
            throw new IllegalArgumentException(name() + ".loadStateDict: the dict has no \"param_groups\" or \"state\"");
        }
        if (groupsJson.size() != groups.size()) {
            throw new IllegalArgumentException(name() + ".loadStateDict: the dict has " + groupsJson.size()
                    + " parameter groups, this optimizer has " + groups.size());
        }
        List<Tensor> all = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            Map<String, Object> gj = (Map<String, Object>) groupsJson.get(gi);
            ParamGroup<H> g = groups.get(gi);
            List<Object> ids = (List<Object>) gj.get("params");
            if (ids.size() != g.params().size()) {
                throw new IllegalArgumentException(name() + ".loadStateDict: group " + gi + " has " + ids.size()
                        + " parameters in the dict, " + g.params().size() + " here");
            }
            all.addAll(g.params());
        }
        // validate every tensor before changing anything
        Map<Integer, ParamState> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : dict.tensors().entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            if (parts.length != 3 || !parts[0].equals("state")) {
                throw new IllegalArgumentException(name() + ".loadStateDict: unexpected tensor key " + e.getKey());
            }
            int i = Integer.parseInt(parts[1]);
            if (i < 0 || i >= all.size()) {
                throw new IllegalArgumentException(name() + ".loadStateDict: tensor " + e.getKey() + " names parameter " + i
                        + " but there are " + all.size());
            }
            Tensor p = all.get(i);
            Tensor t = e.getValue();
            if (stateShapedLikeParams() && !Shape.same(t.shape(), p.shape())) {
                throw new IllegalArgumentException(name() + ".loadStateDict: " + e.getKey() + " has shape " + Shape.str(t.shape())
                        + " but parameter " + i + " has shape " + Shape.str(p.shape()));
            }
            Tensor copy = t.dtype() == p.dtype() || !stateShapedLikeParams() ? t.contiguous().clone() : t.to(p.dtype()).contiguous();
            loaded.computeIfAbsent(i, k -> new ParamState()).putTensor(parts[2], copy);
        }
        for (Map.Entry<String, Object> e : stateJson.entrySet()) {
            int i = Integer.parseInt(e.getKey());
            if (i < 0 || i >= all.size()) {
                throw new IllegalArgumentException(name() + ".loadStateDict: state entry " + i + " but there are " + all.size()
                        + " parameters");
            }
            ParamState s = loaded.computeIfAbsent(i, k -> new ParamState());
            for (Map.Entry<String, Object> v : ((Map<String, Object>) e.getValue()).entrySet()) {
                s.putScalar(v.getKey(), toDouble(v.getValue()));
            }
        }
        List<H> options = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            options.add(mapToRecord((Map<String, Object>) groupsJson.get(gi), groups.get(gi).options()));
        }
        state.clear();
        for (Map.Entry<Integer, ParamState> e : loaded.entrySet()) {
            state.put(all.get(e.getKey()), e.getValue());
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup<H> g = groups.get(gi);
            g.setOptions(options.get(gi));
            Object initial = ((Map<String, Object>) groupsJson.get(gi)).get("initial_lr");
            g.setInitialLr(initial == null ? Double.NaN : toDouble(initial));
        }
    }

    /**
     * {@return true when every state tensor has its parameter's shape and dtype (false for {@link LBFGS}'s flat history)}
     */
    protected boolean stateShapedLikeParams() {
        return true;
    }

    private static Map<String, Object> recordToMap(Object r) {
        Map<String, Object> m = Records.toMap(r);
        m.replaceAll((name, v) -> v instanceof Enum<?> e ? e.name() : v);
        return m;
    }

    @SuppressWarnings("unchecked")
    private H mapToRecord(Map<String, Object> m, H like) {
        RecordComponent[] cs = Records.components(like.getClass());
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            Object v = m.get(cs[i].getName());
            if (v == null && !m.containsKey(cs[i].getName())) {
                throw new IllegalArgumentException(name() + ".loadStateDict: parameter group has no \"" + cs[i].getName() + "\"");
            }
            args[i] = convert(v, cs[i].getType());
        }
        return Records.construct((Class<H>) like.getClass(), args);
    }

    /** A JSON number, or "NaN"/"Infinity"/"-Infinity" as JSON writes non-finite doubles. */
    private static double toDouble(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    private static Object convert(Object v, Class<?> type) {
        if (type == double.class) {
            return toDouble(v);
        }
        if (type == int.class) {
            return ((Number) v).intValue();
        }
        if (type == long.class) {
            return ((Number) v).longValue();
        }
        if (type == boolean.class) {
            return (Boolean) v;
        }
        if (type.isEnum() && v instanceof String s) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(s)) {
                    return c;
                }
            }
        }
        return v;
    }
}
