package dev.kiln.onnx.ops;

import dev.kiln.onnx.OnnxFormatException;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts ONNX {@code TensorProto}s (initialisers, constants) to Kiln tensors.
 *
 * <p>Kiln computes in float32, float64, int64 and bool: float, double, int64 and bool map to them
 * directly, and the narrower integer types (int8 … int32, uint8 … uint32) widen to int64 without
 * loss. Float16, bfloat16, strings, complex numbers, uint64 and externally stored data are refused.
 */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** The Kiln type that holds values of ONNX type {@code type}, or null if Kiln has none. */
    public static DType kilnType(int type) {
        return switch (DataType.forNumber(type)) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case INT64, INT32, INT16, INT8, UINT32, UINT16, UINT8 -> DType.INT64;
            case BOOL -> DType.BOOL;
            case null, default -> null;
        };
    }

    /** The name of ONNX type {@code type}, for messages. */
    public static String typeName(int type) {
        DataType t = DataType.forNumber(type);
        return t == null ? "data type " + type : t.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads {@code proto} into a new tensor.
     *
     * @param where what to call the tensor in error messages
     * @throws OnnxFormatException for an unsupported data type, external data or a size mismatch
     */
    public static Tensor toTensor(TensorProto proto, String where) {
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxFormatException(where + ": tensor '" + proto.getName()
                    + "' is stored in an external file, which Kiln does not support");
        }
        int type = proto.getDataType();
        DType kiln = kilnType(type);
        if (kiln == null) {
            throw new OnnxFormatException(where + ": tensor '" + proto.getName() + "' has unsupported type "
                    + typeName(type));
        }
        int[] shape = new int[proto.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = proto.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxFormatException(where + ": tensor '" + proto.getName() + "' has invalid dimension " + d);
            }
            shape[i] = (int) d;
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new OnnxFormatException(where + ": tensor '" + proto.getName() + "' is too large (" + count + " elements)");
        }
        int n = (int) count;
        DataType dataType = DataType.forNumber(type);
        if (proto.hasRawData()) {
            ByteBuffer raw = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = switch (dataType) {
                case FLOAT, INT32, UINT32 -> 4;
                case DOUBLE, INT64 -> 8;
                case INT16, UINT16 -> 2;
                default -> 1;
            };
            if (raw.remaining() != (long) n * width) {
                throw new OnnxFormatException(where + ": tensor '" + proto.getName() + "' has " + raw.remaining()
                        + " bytes of data, expected " + (long) n * width + " for shape " + java.util.Arrays.toString(shape));
            }
            return switch (dataType) {
                case FLOAT -> {
                    float[] v = new float[n];
                    raw.asFloatBuffer().get(v);
                    yield Tensor.fromArray(v, shape);
                }
                case DOUBLE -> {
                    double[] v = new double[n];
                    raw.asDoubleBuffer().get(v);
                    yield Tensor.fromArray(v, shape);
                }
                case BOOL -> {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = raw.get(i) != 0;
                    }
                    yield Tensor.fromArray(v, shape);
                }
                default -> {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = switch (dataType) {
                            case INT64 -> raw.getLong(i * 8);
                            case INT32 -> raw.getInt(i * 4);
                            case UINT32 -> Integer.toUnsignedLong(raw.getInt(i * 4));
                            case INT16 -> raw.getShort(i * 2);
                            case UINT16 -> Short.toUnsignedInt(raw.getShort(i * 2));
                            case INT8 -> raw.get(i);
                            default -> Byte.toUnsignedInt(raw.get(i));
                        };
                    }
                    yield Tensor.fromArray(v, shape);
                }
            };
        }
        int given = switch (dataType) {
            case FLOAT -> proto.getFloatDataCount();
            case DOUBLE -> proto.getDoubleDataCount();
            case INT64 -> proto.getInt64DataCount();
            case UINT32 -> proto.getUint64DataCount();
            default -> proto.getInt32DataCount();
        };
        if (given != n) {
            throw new OnnxFormatException(where + ": tensor '" + proto.getName() + "' has " + given
                    + " values, expected " + n + " for shape " + java.util.Arrays.toString(shape));
        }
        return switch (dataType) {
            case FLOAT -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = proto.getFloatData(i);
                }
                yield Tensor.fromArray(v, shape);
            }
            case DOUBLE -> Tensor.fromArray(proto.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray(), shape);
            case INT64 -> Tensor.fromArray(proto.getInt64DataList().stream().mapToLong(Long::longValue).toArray(), shape);
            case UINT32 -> Tensor.fromArray(proto.getUint64DataList().stream().mapToLong(Long::longValue).toArray(), shape);
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = proto.getInt32Data(i) != 0;
                }
                yield Tensor.fromArray(v, shape);
            }
            default -> Tensor.fromArray(proto.getInt32DataList().stream().mapToLong(Integer::longValue).toArray(), shape);
        };
    }
}
