package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tensor, the type users see, holds no engine or buffer-ownership code: none of its public methods is
 * an engine hook (those live in the unexported {@code tensor.internal} / {@code autograd.internal}), and
 * none hands out its backing array — every array it returns or takes is a copy, so a write to one can
 * never change a tensor behind its version counter's back.
 */
class TensorEncapsulationTest {
    /** The engine hooks and raw accessors that once were public methods of Tensor. */
    private static final Set<String> ENGINE = Set.of("wrap", "viewOf", "setGradFn", "gradEdge", "markFreshOutput",
            "markExclusiveGrad", "isExclusiveGrad", "clearExclusiveGrad", "takeFreshOutput", "accumulateGrad", "floatData",
            "doubleData", "longData", "storage", "autogradMeta");

    @Test
    void noPublicMethodIsAnEngineHook() {
        List<String> found = new ArrayList<>();
        for (Method m : Tensor.class.getMethods()) {
            if (ENGINE.contains(m.getName())) {
                found.add(m.toString());
            }
            if (Modifier.isPublic(m.getModifiers())) {
                String owner = m.getDeclaringClass().getPackageName();
                assertTrue(owner.equals("dev.kiln.tensor") || owner.equals("java.lang"), m + " comes from " + owner);
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyArrayTheUserGetsIsACopy() throws Exception {
        Tensor f = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor d = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor l = Tensor.fromArray(new long[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.fromArray(new boolean[] {true, false, true, false}, 2, 2);
        for (Tensor t : new Tensor[] {f, d, l, b}) {
            int version = t.version();
            double[] before = t.toDoubleArray();
            int[] shape = t.shape();
            int[] strides = t.strides();
            for (Method m : Tensor.class.getMethods()) {
                if (m.getParameterCount() == 0 && m.getReturnType().isArray() && m.getReturnType().componentType().isPrimitive()
                        && !Modifier.isStatic(m.getModifiers())) {
                    Object array = m.invoke(t);
                    scribble(array);
                }
            }
            assertArrayEquals(before, t.toDoubleArray(), t.dtype() + ": writing to a returned array changed the tensor");
            assertEquals(version, t.version());
            assertArrayEquals(shape, t.shape());
            assertArrayEquals(strides, t.strides());
        }
        // and what the factories take is copied too
        float[] source = {5, 6};
        Tensor copied = Tensor.fromArray(source, 2);
        source[0] = -1;
        assertArrayEquals(new float[] {5, 6}, copied.toFloatArray());
    }

    /** Overwrites every element of a primitive array. */
    private static void scribble(Object array) {
        switch (array) {
            case float[] a -> java.util.Arrays.fill(a, -7f);
            case double[] a -> java.util.Arrays.fill(a, -7);
            case long[] a -> java.util.Arrays.fill(a, -7);
            case boolean[] a -> java.util.Arrays.fill(a, true);
            case int[] a -> java.util.Arrays.fill(a, -7);
            default -> throw new AssertionError("unexpected array " + array.getClass());
        }
    }
}
