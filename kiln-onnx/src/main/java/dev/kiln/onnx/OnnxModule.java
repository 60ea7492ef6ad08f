package dev.kiln.onnx;

import dev.kiln.nn.Module;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.tensor.Tensor;

/** A Kiln module that runs an imported ONNX graph. */
public final class OnnxModule extends Module {
    private final ModelProto model;

    private OnnxModule(ModelProto model) {
        this.model = model;
    }

    /** Builds the module for {@code model}; {@code source} names it in error messages. */
    static OnnxModule of(ModelProto model, String source) {
        throw new OnnxFormatException(source + ": the ONNX importer is not implemented yet");
    }

    /** The ONNX model this module runs. */
    public ModelProto model() {
        return model;
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("the ONNX importer is not implemented yet");
    }
}
