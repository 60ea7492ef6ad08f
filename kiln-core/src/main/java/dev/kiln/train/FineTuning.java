package dev.kiln.train;

import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.ParamGroupSpec;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning in its three usual modes:
 * <ol>
 *   <li>predict only: {@link #loadPretrained} the weights and call the model in evaluation mode;</li>
 *   <li>feature extraction: {@link #replaceHead} with a new classifier, {@link #freezeBase}, and
 *       train only the head;</li>
 *   <li>fine-tuning: train everything (or {@link #unfreezeTop} the top layers), usually with a
 *       smaller learning rate for the pretrained base ({@link #parameterGroups}).</li>
 * </ol>
 *
 * <pre>{@code
 * Sequential net = Models.lenet5(10);
 * FineTuning.loadPretrained(net, Path.of("lenet.safetensors"), "", "");
 * net = FineTuning.replaceHead(net, new Linear(84, 3));
 * FineTuning.freezeBase(net);                                  // feature extraction
 * var opt = new Adam(Adam.Options.of(1e-3), FineTuning.parameterGroups(net, 1e-3, 1e-4));
 * }</pre>
 */
public final class FineTuning {
    private FineTuning() {
    }

    /**
     * What a partial load did: the model keys that received values, the model keys that did not
     * ("missing", e.g. a new head), the checkpoint keys the model does not have ("unexpected") and
     * the keys skipped because their shapes differ ("mismatched", with both shapes).
     *
     * @param loaded keys copied into the model
     * @param missing model keys the weights lack (they keep their initialisation)
     * @param unexpected weight keys the model lacks (ignored)
     * @param mismatched keys present in both with different shapes (not loaded)
     */
    public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
        /** Copies the lists. */
        public LoadReport {
            loaded = List.copyOf(loaded);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
            mismatched = List.copyOf(mismatched);
        }

        /**
         * True when every model key was loaded and every checkpoint key was used.
         *
         * @return true when nothing was missing, unexpected or mismatched
         */
        public boolean isComplete() {
            return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
        }

        @Override
        public String toString() {
            return "loaded " + loaded.size() + " tensor(s); missing " + missing + "; unexpected " + unexpected + "; size mismatch "
                    + mismatched;
        }
    }

    /**
     * Loads every key of {@code weights} that the model has with the same shape; see {@link #loadPretrained(Module, Map, String, String)}.
     *
     * @param model the model to initialise
     * @param weights pretrained weights by state-dict key
     * @return what was loaded and what was not
     */
    public static LoadReport loadPretrained(Module model, Map<String, Tensor> weights) {
        return loadPretrained(model, weights, "", "");
    }

    /**
     * Reads a safetensors file and loads it as {@link #loadPretrained(Module, Map, String, String)}.
     *
     * @param model the model to initialise
     * @param safetensors the weights file
     * @param fromPrefix the key prefix in the file to take (empty for all)
     * @param toPrefix the prefix it becomes in the model
     * @return what was loaded and what was not
     * @throws IOException if the file cannot be read
     */
    public static LoadReport loadPretrained(Module model, Path safetensors, String fromPrefix, String toPrefix) throws IOException {
        return loadPretrained(model, Safetensors.read(safetensors).tensors(), fromPrefix, toPrefix);
    }

    /**
     * Loads the entries of {@code weights} whose key starts with {@code fromPrefix}, renamed to start
     * with {@code toPrefix} instead ({@code features.0.weight} → {@code base.0.weight} for prefixes
     * {@code "features."} and {@code "base."}; two empty prefixes load everything under its own
     * name). Keys outside {@code fromPrefix} are ignored; renamed keys the model does not have are
     * reported as unexpected, and keys whose shape differs from the model's are skipped and reported
     * as mismatched (a classifier for a different number of classes). Model keys that received
     * nothing are reported as missing. Values are copied in place without recording a graph.
     *
     * @param model the model to initialise
     * @param weights pretrained weights by state-dict key
     * @param fromPrefix the key prefix in {@code weights} to take (empty for all)
     * @param toPrefix the prefix it becomes in the model
     * @return what was loaded and what was not
     */
    public static LoadReport loadPretrained(Module model, Map<String, Tensor> weights, String fromPrefix, String toPrefix) {
        Map<String, Tensor> own = model.stateDict();
        Map<String, Tensor> selected = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            if (!e.getKey().startsWith(fromPrefix)) {
                continue;
            }
            String key = toPrefix + e.getKey().substring(fromPrefix.length());
            Tensor mine = own.get(key);
            if (mine == null) {
                unexpected.add(key);
            } else if (!Shape.same(mine.shape(), e.getValue().shape())) {
                mismatched.add(key + " (checkpoint " + Shape.str(e.getValue().shape()) + ", model " + Shape.str(mine.shape()) + ")");
            } else {
                selected.put(key, e.getValue());
            }
        }
        if (selected.isEmpty() && !weights.isEmpty()) {
            throw new IllegalArgumentException("loadPretrained: no key of the checkpoint fits the model (prefix '" + fromPrefix + "' -> '"
                    + toPrefix + "'); checkpoint keys " + weights.keySet() + ", model keys " + own.keySet());
        }
        Module.LoadResult r = model.loadStateDict(selected, false);
        return new LoadReport(List.copyOf(selected.keySet()), r.missingKeys(), unexpected, mismatched);
    }

    /**
     * A copy of the container with its last child replaced by {@code head} (same child names, so
     * state-dict keys of the base are unchanged); the base modules are shared, not copied.
     *
     * @param model the pretrained network
     * @param head the new last layer (for another number of classes, say)
     * @return a network with the same children and the new head
     * @throws IllegalArgumentException when the model is empty
     */
    public static Sequential replaceHead(Sequential model, Module head) {
        Map<String, Module> children = model.namedChildren();
        if (children.isEmpty()) {
            throw new IllegalArgumentException("replaceHead: the Sequential has no layers");
        }
        Sequential out = new Sequential();
        int i = 0;
        for (Map.Entry<String, Module> e : children.entrySet()) {
            out.add(e.getKey(), ++i == children.size() ? head : e.getValue());
        }
        out.train(model.isTraining());
        return out;
    }

    /**
     * The name of the last child: the head.
     *
     * @param model the network
     * @return the last child's name
     */
    public static String headName(Sequential model) {
        List<String> names = new ArrayList<>(model.namedChildren().keySet());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("FineTuning: the Sequential has no layers");
        }
        return names.get(names.size() - 1);
    }

    /**
     * Feature extraction: freezes every parameter outside the head (the last child) and makes the
     * head trainable. Note that batch-norm layers of the base still update their running statistics
     * in training mode; call {@code eval()} on them to keep those fixed too.
     *
     * @param model the network whose last child is the head
     * @return the names of the frozen parameters
     */
    public static List<String> freezeBase(Sequential model) {
        String head = headName(model) + ".";
        model.unfreeze(name -> name.startsWith(head));
        return model.freeze(name -> !name.startsWith(head));
    }

    /**
     * Makes the parameters of the top {@code n} layers trainable, counting only children that have
     * parameters from the head down ({@code n = 2} on LeNet-5 unfreezes the last two Linear layers).
     *
     * @param model the network
     * @param n how many of the top layers with parameters to unfreeze
     * @return the names of the parameters unfrozen
     */
    public static List<String> unfreezeTop(Sequential model, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("unfreezeTop: n must be non-negative, got " + n);
        }
        List<String> names = new ArrayList<>(model.namedChildren().keySet());
        List<String> prefixes = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0 && prefixes.size() < n; i--) {
            if (!model.namedChildren().get(names.get(i)).parameters().isEmpty()) {
                prefixes.add(names.get(i) + ".");
            }
        }
        if (prefixes.size() < n) {
            throw new IllegalArgumentException("unfreezeTop: asked for " + n + " layers but the model has only " + prefixes.size()
                    + " layers with parameters");
        }
        return model.unfreeze(name -> prefixes.stream().anyMatch(name::startsWith));
    }

    /**
     * Two optimiser parameter groups: the trainable parameters of the head (the last child) with
     * {@code headLr} and the trainable parameters of the base with {@code baseLr} (discriminative
     * learning rates). Frozen parameters are left out; a group with no trainable parameter is
     * omitted. Pass the result to an optimiser's {@code (defaults, groups)} constructor.
     *
     * @param model the network whose last child is the head
     * @param headLr the learning rate of the head
     * @param baseLr the (smaller) learning rate of the pretrained base
     * @return two parameter groups, head first
     */
    public static List<ParamGroupSpec> parameterGroups(Sequential model, double headLr, double baseLr) {
        return parameterGroups(model, headName(model) + ".", headLr, baseLr);
    }

    /**
     * As {@link #parameterGroups(Sequential, double, double)}, with the head given by a name prefix.
     *
     * @param model the network
     * @param headPrefix the parameter-name prefix of the head ({@code "fc."})
     * @param headLr the learning rate of the head
     * @param baseLr the learning rate of everything else
     * @return two parameter groups, head first
     */
    public static List<ParamGroupSpec> parameterGroups(Module model, String headPrefix, double headLr, double baseLr) {
        if (!(headLr > 0) || !(baseLr > 0)) {
            throw new IllegalArgumentException("parameterGroups: learning rates must be positive, got head " + headLr + ", base " + baseLr);
        }
        List<Tensor> head = new ArrayList<>();
        List<Tensor> base = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad()) {
                (e.getKey().startsWith(headPrefix) ? head : base).add(e.getValue());
            }
        }
        if (head.isEmpty() && base.isEmpty()) {
            throw new IllegalArgumentException("parameterGroups: the model has no trainable parameter");
        }
        List<ParamGroupSpec> groups = new ArrayList<>();
        if (!head.isEmpty()) {
            groups.add(new ParamGroupSpec(head, headLr, null));
        }
        if (!base.isEmpty()) {
            groups.add(new ParamGroupSpec(base, baseLr, null));
        }
        return groups;
    }
}
