package dev.kiln.autograd.internal;

import dev.kiln.autograd.SavedTensor;
import dev.kiln.tensor.Tensor;

/**
 * A library node whose backward is one formula: the gradients of the inputs as tensor ops on the
 * output gradient and the tensors saved at the forward. Most of the library's nodes are such a
 * formula, and are written as a lambda next to their forward instead of a class of their own:
 *
 * <pre>{@code
 * Engine.record(out, FormulaNode.of("MulBackward", FormulaNode.inputs(a, b), FormulaNode.saving(a, b),
 *         (g, s) -> new Tensor[] {s.needsGrad(0) ? g.mul(s.get(1)) : null, s.needsGrad(1) ? g.mul(s.get(0)) : null}));
 * }</pre>
 *
 * <p>Because the formula is made of tensor ops, it is recorded in turn when the backward runs with
 * a graph ({@code createGraph}), so the node supports double backward.
 */
public final class FormulaNode extends LibraryNode {
    /** What a formula reads: the saved tensors, version-checked, and which inputs need a gradient. */
    public interface Saved {
        /**
         * {@return saved tensor {@code i}, in the order given to {@link #of}}
         *
         * @param i the index of the saved tensor
         * @throws IllegalStateException when it was modified in place since, or freed by an earlier backward
         */
        Tensor get(int i);

        /**
         * {@return whether input {@code i} needs a gradient (the formula may return null for it when not)}
         *
         * @param i the index of the input, in the order given to {@link #of}
         */
        boolean needsGrad(int i);
    }

    /** The backward formula of a node. */
    @FunctionalInterface
    public interface Formula {
        /**
         * {@return the gradient of each input (null where none is needed), from the output gradient}
         *
         * @param g the gradient of the node's output
         * @param saved the tensors saved at the forward, and which inputs need a gradient
         */
        Tensor[] backward(Tensor g, Saved saved);
    }

    private static final Tensor[] NONE = {};

    private final String name;
    private final SavedTensor[] saved;
    private final Formula formula;

    private FormulaNode(String name, Tensor[] inputs, Tensor[] toSave, Formula formula) {
        super(inputs);
        this.name = name;
        this.formula = formula;
        this.saved = new SavedTensor[toSave.length];
        for (int i = 0; i < toSave.length; i++) {
            saved[i] = save(toSave[i]);
        }
    }

    /**
     * {@return a node named {@code name} over {@code inputs} that saves {@code toSave} and computes its backward with {@code formula}}
     *
     * @param name the node's name, as error messages and anomaly mode print it ("MulBackward")
     * @param inputs the op's inputs, in order (null for an absent optional one)
     * @param toSave the tensors the formula reads back, in order ({@link #saving()} for none)
     * @param formula the backward
     */
    public static FormulaNode of(String name, Tensor[] inputs, Tensor[] toSave, Formula formula) {
        return new FormulaNode(name, inputs, toSave, formula);
    }

    /**
     * {@return a node of one input that saves nothing: its backward is {@code formula} applied to the output gradient}
     *
     * @param name the node's name, as error messages and anomaly mode print it
     * @param input the op's input
     * @param formula the input's gradient from the output gradient
     */
    public static FormulaNode of(String name, Tensor input, java.util.function.UnaryOperator<Tensor> formula) {
        return new FormulaNode(name, new Tensor[] {input}, NONE, (g, s) -> new Tensor[] {formula.apply(g)});
    }

    /**
     * {@return the op's inputs, as {@link #of} takes them}
     *
     * @param inputs the inputs, in order
     */
    public static Tensor[] inputs(Tensor... inputs) {
        return inputs;
    }

    /**
     * {@return the tensors to save, as {@link #of} takes them}
     *
     * @param tensors the tensors the formula reads back, in order
     */
    public static Tensor[] saving(Tensor... tensors) {
        return tensors;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return formula.backward(g, new Saved() {
            @Override
            public Tensor get(int i) {
                return saved[i].get(FormulaNode.this);
            }

            @Override
            public boolean needsGrad(int i) {
                return FormulaNode.this.needsGrad(i);
            }
        });
    }

    @Override
    public String name() {
        return name;
    }
}
