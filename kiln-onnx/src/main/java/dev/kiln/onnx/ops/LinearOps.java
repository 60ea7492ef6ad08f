package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * Gemm ({@code Y = α·A'·B' + β·C}, A' = A or Aᵀ, B' = B or Bᵀ, C broadcast) and MatMul (numpy
 * {@code matmul}: batched, 1-D operands promoted and squeezed back).
 */
final class LinearOps {
    private LinearOps() {
    }

    static void register(Map<String, Operator> ops) {
        ops.put("Gemm", LinearOps::gemm);
        ops.put("MatMul", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {in[0].matmul(in[1])};
        });
    }

    private static Kernel gemm(OnnxNode node) {
        double alpha = node.getFloat("alpha", 1.0);
        double beta = node.getFloat("beta", 1.0);
        boolean transA = node.getInt("transA", 0) != 0;
        boolean transB = node.getInt("transB", 0) != 0;
        if (node.opset() < 7) {
            node.getInt("broadcast", 0);
        }
        node.checkAllAttributesRead();
        return (in, mode) -> {
            Tensor a = in[0];
            Tensor b = in[1];
            Tensor c = in.length > 2 ? in[2] : null;
            if (a.dim() != 2 || b.dim() != 2) {
                throw node.error("A and B must be matrices, got shapes " + java.util.Arrays.toString(a.shape())
                        + " and " + java.util.Arrays.toString(b.shape()));
            }
            if (!transA && transB && alpha == 1 && beta == 1 && (c == null || (c.dim() == 1 && c.size(0) == b.size(0)))) {
                // the fully-connected layer: x·Wᵀ + b
                return new Tensor[] {Layers.linear(a, b, c)};
            }
            Tensor y = (transA ? a.t() : a).matmul(transB ? b.t() : b);
            if (alpha != 1) {
                y = y.mul(alpha);
            }
            if (c != null && beta != 0) {
                y = y.add(beta == 1 ? c : c.mul(beta));
            }
            return new Tensor[] {y};
        };
    }
}
