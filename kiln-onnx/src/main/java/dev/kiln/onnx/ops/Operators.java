package dev.kiln.onnx.ops;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of ONNX operators Kiln imports, from operator type (default domain) to its
 * implementation. Each family of operators lives in its own file and registers itself here.
 */
public final class Operators {
    /** The lowest default-domain opset Kiln imports. */
    public static final int MIN_OPSET = 7;
    /** The highest default-domain opset Kiln imports. */
    public static final int MAX_OPSET = 22;

    private static final Map<String, Operator> REGISTRY = build();

    private Operators() {
    }

    private static Map<String, Operator> build() {
        Map<String, Operator> ops = new TreeMap<>();
        ElementwiseOps.register(ops);
        ActivationOps.register(ops);
        LinearOps.register(ops);
        ConvolutionOps.register(ops);
        PoolingOps.register(ops);
        NormalizationOps.register(ops);
        ReductionOps.register(ops);
        ShapeOps.register(ops);
        IndexingOps.register(ops);
        return Collections.unmodifiableMap(ops);
    }

    /** Operators that need more than one input (every other one but Constant needs one). */
    private static final Map<String, Integer> MIN_INPUTS = minInputs();

    private static Map<String, Integer> minInputs() {
        Map<String, Integer> m = new TreeMap<>();
        for (String op : new String[] {"Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Greater", "Less", "GreaterOrEqual",
            "LessOrEqual", "And", "Or", "Xor", "PRelu", "Gemm", "MatMul", "Conv", "ConvTranspose", "LayerNormalization",
            "Reshape", "Expand", "Gather", "Tile", "CastLike"}) {
            m.put(op, 2);
        }
        for (String op : new String[] {"Where", "Range", "InstanceNormalization", "GroupNormalization"}) {
            m.put(op, 3);
        }
        m.put("BatchNormalization", 5);
        m.put("Constant", 0);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The fewest inputs a node of {@code opType} must give at {@code opset} (Slice takes starts and
     * ends as inputs from opset 10 on, Pad its pads from 11 on).
     */
    public static int minInputs(String opType, int opset) {
        return switch (opType) {
            case "Slice" -> opset >= 10 ? 3 : 1;
            case "Pad" -> opset >= 11 ? 2 : 1;
            default -> MIN_INPUTS.getOrDefault(opType, 1);
        };
    }

    /** The operator named {@code opType}, or null if Kiln does not import it. */
    public static Operator get(String opType) {
        return REGISTRY.get(opType);
    }

    /** Every supported operator type, sorted. */
    public static java.util.Set<String> supported() {
        return REGISTRY.keySet();
    }
}
