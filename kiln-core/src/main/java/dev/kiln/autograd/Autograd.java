package dev.kiln.autograd;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gradients as values, like PyTorch's {@code torch.autograd.grad}: the gradient of outputs with
 * respect to chosen inputs is returned instead of being accumulated into {@code .grad}.
 *
 * <p>For outputs y₁…yₘ with upstream gradients v₁…vₘ ({@code grad_outputs}; 1 for a scalar
 * output) it returns, for each input xⱼ, Σᵢ vᵢᵀ ∂yᵢ/∂xⱼ (a vector–Jacobian product), of xⱼ's
 * shape. With {@code createGraph} the returned gradients are themselves differentiable, which
 * gives Hessian–vector products and higher derivatives:
 *
 * <pre>{@code
 * Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sum();
 * Tensor g = Autograd.grad(y, x, GradOptions.DEFAULT.createGraph(true));   // 3x² = [3, 12]
 * Tensor h = Autograd.grad(g.sum(), x);                                     // 6x  = [6, 12]
 * }</pre>
 *
 * <p>Leaves' {@code .grad} are left untouched; gradient hooks ({@link Tensor#registerHook}) run.
 * Only the part of the graph between the outputs and the inputs is evaluated.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * Back-propagates {@code gradient} (the gradient of some scalar with respect to {@code root}, of
     * {@code root}'s shape) through the graph, accumulating into the {@code grad} of every leaf that
     * requires grad, like PyTorch's {@code torch.autograd.backward}; {@link Tensor#backward()} calls it.
     * Of the options, {@code retainGraph} and {@code createGraph} apply.
     *
     * @param root the tensor back-propagation starts from
     * @param gradient the gradient with respect to {@code root}, of its shape (null for a scalar root: 1)
     * @param options retain_graph, create_graph, allow_unused and materialize_grads
     */
    public static void backward(Tensor root, Tensor gradient, GradOptions options) {
        BackwardPass.backward(root, gradient, options.retainGraph(), options.createGraph());
    }

    /**
     * {@return ∂y/∂x for a scalar y, with the default options}
     *
     * @param output the scalar y
     * @param input the tensor x the gradient is taken with respect to
     */
    public static Tensor grad(Tensor output, Tensor input) {
        return grad(output, input, GradOptions.DEFAULT);
    }

    /**
     * {@return ∂y/∂x for a scalar y}
     *
     * @param output the scalar y
     * @param input the tensor x the gradient is taken with respect to
     * @param options retain_graph, create_graph, allow_unused and materialize_grads
     */
    public static Tensor grad(Tensor output, Tensor input, GradOptions options) {
        return grad(List.of(output), List.of(input), null, options).get(0);
    }

    /**
     * {@return the gradients of the scalar outputs' sum with respect to each input, with the default options}
     *
     * @param outputs the scalar outputs, each computed from the inputs
     * @param inputs the tensors the gradients are taken with respect to
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs) {
        return grad(outputs, inputs, null, GradOptions.DEFAULT);
    }

    /**
     * Σᵢ vᵢᵀ ∂yᵢ/∂xⱼ for each input xⱼ ({@code torch.autograd.grad(outputs, inputs, grad_outputs,
     * retain_graph, create_graph, allow_unused, materialize_grads)}).
     *
     * @param outputs the yᵢ: tensors that require grad
     * @param inputs the xⱼ: tensors that require grad (leaves or intermediate results)
     * @param gradOutputs the vᵢ, each of yᵢ's shape; null (the list or an entry) means 1 for a scalar yᵢ
     * @param options retain_graph, create_graph, allow_unused, materialize_grads
     * @return one gradient per input, of its shape; null for an unused input when allowed
     * @throws IllegalArgumentException for an input or output that does not require grad, or a
     *     gradOutput of the wrong shape or count
     * @throws IllegalStateException for an input the outputs do not depend on, unless allowUnused
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs, GradOptions options) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("grad: no outputs given");
        }
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: got " + gradOutputs.size() + " grad_outputs for " + outputs.size() + " outputs");
        }
        Node[] roots = new Node[outputs.size()];
        Tensor[] seeds = new Tensor[outputs.size()];
        for (int i = 0; i < roots.length; i++) {
            Tensor y = outputs.get(i);
            roots[i] = TensorInternals.gradEdge(y);
            if (roots[i] == null) {
                throw new IllegalArgumentException("grad: output " + i + " does not require grad and has no grad_fn");
            }
            Tensor v = gradOutputs == null ? null : gradOutputs.get(i);
            if (v == null) {
                if (y.numel() != 1) {
                    throw new IllegalArgumentException("grad: output " + i + " has shape " + Shape.str(y.shape())
                            + "; grad can be implicitly created only for scalar outputs (pass grad_outputs)");
                }
                v = y.onesLike();
            } else if (!Shape.same(v.shape(), y.shape())) {
                throw new IllegalArgumentException("grad: grad_outputs[" + i + "] has shape " + Shape.str(v.shape())
                        + " but output " + i + " has shape " + Shape.str(y.shape()));
            }
            seeds[i] = v;
        }
        Node[] capture = new Node[inputs.size()];
        for (int j = 0; j < capture.length; j++) {
            capture[j] = TensorInternals.gradEdge(inputs.get(j));
            if (capture[j] == null) {
                throw new IllegalArgumentException("grad: input " + j + " does not require grad");
            }
        }
        Tensor[] found = BackwardPass.gradients(roots, seeds, capture, options.retainGraph(), options.createGraph());
        List<Tensor> result = new ArrayList<>(found.length);
        for (int j = 0; j < found.length; j++) {
            Tensor g = found[j];
            Tensor x = inputs.get(j);
            if (g == null) {
                if (!options.allowUnused()) {
                    throw new IllegalStateException("grad: input " + j + " " + Shape.str(x.shape())
                            + " does not appear in the graph of the outputs (set allowUnused in GradOptions if this is intended)");
                }
                result.add(options.materializeGrads() ? x.detach().zerosLike() : null);
                continue;
            }
            if (!Shape.same(g.shape(), x.shape())) {
                g = g.sumToShape(x.shape());
            }
            if (g.dtype() != x.dtype()) {
                g = g.to(x.dtype());
            }
            result.add(options.createGraph() ? g : g.detach());
        }
        return result;
    }

    /**
     * {@return array form of {@link #grad(List, List, List, GradOptions)}}
     *
     * @param outputs the scalar outputs, each computed from the inputs
     * @param inputs the tensors the gradients are taken with respect to
     * @param gradOutputs the gradient of each output (null entries mean 1 for a scalar output), or null for all ones
     * @param options retain_graph, create_graph, allow_unused and materialize_grads
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, GradOptions options) {
        return grad(Arrays.asList(outputs), Arrays.asList(inputs), gradOutputs == null ? null : Arrays.asList(gradOutputs), options)
                .toArray(new Tensor[0]);
    }
}
