package dev.kiln.onnx.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Element-wise arithmetic, comparison and logic with numpy broadcasting: Add, Sub, Mul, Div, Mod,
 * Pow, Min, Max, Sum, Mean, Sqrt, Exp, Log, Abs, Neg, Reciprocal, Floor, Ceil, Sign, Erf, Sin, Cos,
 * Equal, Greater, Less, GreaterOrEqual, LessOrEqual, Not, And, Or, Xor, Where.
 *
 * <p>Integer Div truncates toward zero, as ONNX (and C) define it; on floats it is true division.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static void register(Map<String, Operator> ops) {
        binary(ops, "Add", Tensor::add);
        binary(ops, "Sub", Tensor::sub);
        binary(ops, "Mul", Tensor::mul);
        binary(ops, "Div", ElementwiseOps::divide);
        ops.put("Pow", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {power(in[0], in[1])};
        });
        ops.put("Mod", node -> {
            boolean fmod = node.getInt("fmod", 0) != 0;
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {modulo(in[0], in[1], fmod)};
        });
        variadic(ops, "Min", Tensor::minimum);
        variadic(ops, "Max", Tensor::maximum);
        variadic(ops, "Sum", Tensor::add);
        ops.put("Mean", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> {
                Tensor sum = in[0];
                for (int i = 1; i < in.length; i++) {
                    sum = sum.add(in[i]);
                }
                return new Tensor[] {sum.div(in.length)};
            };
        });
        unary(ops, "Sqrt", Tensor::sqrt);
        unary(ops, "Exp", Tensor::exp);
        unary(ops, "Log", Tensor::log);
        unary(ops, "Abs", Tensor::abs);
        unary(ops, "Neg", Tensor::neg);
        unary(ops, "Reciprocal", Tensor::reciprocal);
        unary(ops, "Floor", Tensor::floor);
        unary(ops, "Ceil", Tensor::ceil);
        unary(ops, "Sign", Tensor::sign);
        unary(ops, "Erf", Tensor::erf);
        unary(ops, "Sin", Tensor::sin);
        unary(ops, "Cos", Tensor::cos);
        unary(ops, "Not", Tensor::logicalNot);
        binary(ops, "Equal", Tensor::eq);
        binary(ops, "Greater", Tensor::gt);
        binary(ops, "Less", Tensor::lt);
        binary(ops, "GreaterOrEqual", Tensor::ge);
        binary(ops, "LessOrEqual", Tensor::le);
        binary(ops, "And", Tensor::logicalAnd);
        binary(ops, "Or", Tensor::logicalOr);
        binary(ops, "Xor", Tensor::logicalXor);
        ops.put("Where", node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {Tensor.where(in[0], in[1], in[2])};
        });
    }

    /** {@code a / b}: true division on floats, truncation toward zero on integers. */
    static Tensor divide(Tensor a, Tensor b) {
        if (a.dtype() == DType.INT64 && b.dtype() == DType.INT64) {
            return a.to(DType.FLOAT64).div(b.to(DType.FLOAT64)).to(DType.INT64);
        }
        return a.div(b);
    }

    /**
     * The remainder {@code a − q·b}: with {@code fmod} q = trunc(a/b), the sign of the dividend (C's
     * fmod); without, q = ⌊a/b⌋, the sign of the divisor (Python's %).
     */
    static Tensor modulo(Tensor a, Tensor b, boolean fmod) {
        boolean integer = a.dtype() == DType.INT64 && b.dtype() == DType.INT64;
        Tensor x = integer ? a.to(DType.FLOAT64) : a;
        Tensor y = integer ? b.to(DType.FLOAT64) : b;
        Tensor ratio = x.div(y);
        Tensor quotient = fmod ? ratio.sign().mul(ratio.abs().floor()) : ratio.floor();
        Tensor r = x.sub(quotient.mul(y));
        return integer ? r.round().to(DType.INT64) : r;
    }

    /** {@code base ^ exponent}; a constant one-element exponent takes the scalar path. */
    static Tensor power(Tensor base, Tensor exponent) {
        Tensor r;
        if (exponent.numel() == 1 && !exponent.requiresGrad()) {
            r = base.pow(exponent.reshape().item());
        } else {
            r = base.pow(exponent);
        }
        return r.dtype() == base.dtype() ? r : r.to(base.dtype());
    }

    private static void unary(Map<String, Operator> ops, String name, UnaryOperator<Tensor> f) {
        ops.put(name, node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {f.apply(in[0])};
        });
    }

    private static void binary(Map<String, Operator> ops, String name, BinaryOperator<Tensor> f) {
        ops.put(name, node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> new Tensor[] {f.apply(in[0], in[1])};
        });
    }

    private static void variadic(Map<String, Operator> ops, String name, BinaryOperator<Tensor> f) {
        ops.put(name, node -> {
            node.checkAllAttributesRead();
            return (in, mode) -> {
                Tensor r = in[0];
                for (int i = 1; i < in.length; i++) {
                    r = f.apply(r, in[i]);
                }
                return new Tensor[] {r};
            };
        });
    }
}
