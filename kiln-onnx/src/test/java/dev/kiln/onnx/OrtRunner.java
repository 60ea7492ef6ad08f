package dev.kiln.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX file with ONNX Runtime (the reference the export tests compare against). */
final class OrtRunner {
    private OrtRunner() {
    }

    /** ONNX Runtime's output for {@code input} fed to the graph input {@code inputName}, as a Kiln float32 tensor. */
    static Tensor run(Path model, String inputName, Tensor input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the reference answer: no graph rewrites that could hide or change what the file says
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model.toString(), options);
                 OnnxTensor x = input.dtype() == DType.INT64
                         ? OnnxTensor.createTensor(env, LongBuffer.wrap(input.toLongArray()), shape)
                         : OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toFloatArray()), shape);
                 OrtSession.Result result = session.run(Map.of(inputName, x))) {
                OnnxTensor y = (OnnxTensor) result.get(0);
                long[] dims = y.getInfo().getShape();
                FloatBuffer buf = y.getFloatBuffer();
                float[] values = new float[buf.remaining()];
                buf.get(values);
                return Tensor.fromArray(values, Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
            }
        }
    }
}
