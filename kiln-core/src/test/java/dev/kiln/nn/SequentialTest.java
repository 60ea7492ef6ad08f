package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void childrenAreNamedByIndexAndAddedByName() {
        var a = new Identity();
        var b = new Flatten();
        var seq = new Sequential(a, b);
        var c = new Unflatten(1, 2, 3);
        seq.add("unflatten", c);
        assertEquals(List.of("0", "1", "unflatten"), List.copyOf(seq.namedChildren().keySet()));
        assertSame(a, seq.get(0));
        assertSame(c, seq.get(-1));
        assertSame(c, seq.get("unflatten"));
        assertEquals(3, seq.size());
        assertThrows(IndexOutOfBoundsException.class, () -> seq.get(3));
        assertThrows(IllegalArgumentException.class, () -> seq.add("0", new Identity()));
    }

    @Test
    void forwardChainsTheChildren() {
        var seq = new Sequential(new Flatten(), new TestModules.Relu(), new Unflatten(1, 3, 2));
        Tensor x = Tensor.fromArray(new float[] {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12}, 2, 2, 3);
        Tensor y = seq.forward(x);
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        assertArrayEquals(new float[] {1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11, 0}, y.toFloatArray());
    }

    @Test
    void nestedSequentialParameterNames() {
        var seq = new Sequential(new Sequential(new Embedding(5, 2)), new Embedding(5, 3));
        assertEquals(List.of("0.0.weight", "1.weight"), List.copyOf(seq.namedParameters().keySet()));
    }

    @Test
    void moduleListAndDictRegisterTheirModules() {
        var list = new ModuleList(new Embedding(3, 2)).add(new Embedding(4, 2));
        assertEquals(List.of("0.weight", "1.weight"), List.copyOf(list.namedParameters().keySet()));
        assertEquals(2, list.size());
        int n = 0;
        for (Module m : list) {
            n += ((Embedding) m).weight().size(0);
        }
        assertEquals(7, n);
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.zeros(1)));

        var dict = new ModuleDict().put("cls", new Embedding(3, 2)).put("box", new Embedding(3, 4));
        assertEquals(List.of("cls.weight", "box.weight"), List.copyOf(dict.stateDict().keySet()));
        assertEquals(4, ((Embedding) dict.get("box")).weight().size(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dict.get("seg"));
        assertEquals(true, e.getMessage().contains("cls"));
    }

    @Test
    void flattenAndUnflattenShapes() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2, 5}, new Unflatten(2, 2, 2).forward(x).shape());
        assertSame(x, new Identity().forward(x));
    }
}
