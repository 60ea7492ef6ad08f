package dev.kiln.cli;

import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.init.Init;
import dev.kiln.nn.zoo.ModelSpec;
import dev.kiln.tensor.Tensor;
import java.util.Locale;

/**
 * Builds the network named by {@code --model} through {@link ModelSpec} (the one parser of names and
 * layer specs, in kiln-core): {@code mlp}, {@code lenet}, {@code cnn}, or a layer spec such as
 * {@code "flatten,linear(128),relu,dropout(0.2)"}. Sizes flow from the data's sample shape; a final
 * {@code Linear} to the number of classes is appended to a spec.
 */
final class ModelFactory {
    static final String SPEC_HELP = ModelSpec.HELP;

    private ModelFactory() {
    }

    static Sequential build(String spec, int[] sampleShape, int classes) {
        try {
            return ModelSpec.of(spec, sampleShape, classes).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage(), e);
        }
    }

    /** Re-initialises Linear and Conv2d weights: kaiming (He, for ReLU), xavier (Glorot) or default (PyTorch's). */
    static void initialise(Module model, String scheme, dev.kiln.tensor.Generator g) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (s.equals("default")) {
            return;
        }
        if (!s.equals("kaiming") && !s.equals("xavier")) {
            throw new IllegalArgumentException("--init: expected kaiming, xavier or default, got '" + scheme + "'");
        }
        for (Module m : model.modules()) {
            if (m instanceof Linear || m instanceof Conv2d) {
                var params = m.namedParameters();
                Tensor w = params.get("weight");
                try (var off = dev.kiln.autograd.GradMode.disabled()) {
                    if (s.equals("kaiming")) {
                        Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, Nonlinearity.RELU, g);
                    } else {
                        Init.xavierUniform(w, 1, g);
                    }
                    Tensor b = params.get("bias");
                    if (b != null) {
                        b.zero_();
                    }
                }
            }
        }
    }
}
