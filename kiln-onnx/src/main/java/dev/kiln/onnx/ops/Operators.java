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

    /** The operator named {@code opType}, or null if Kiln does not import it. */
    public static Operator get(String opType) {
        return REGISTRY.get(opType);
    }

    /** Every supported operator type, sorted. */
    public static java.util.Set<String> supported() {
        return REGISTRY.keySet();
    }
}
