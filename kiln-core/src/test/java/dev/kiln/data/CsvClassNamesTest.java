package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvClassNamesTest {
    private static CsvReader.Labelled read(String text) throws IOException {
        return CsvReader.builder().readLabelled(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
    }

    @Test
    void aLabelColumnOfNamesNumbersTheClassesInSortedOrder() throws IOException {
        CsvReader.Labelled d = read("x,y,animal\n1,2,dog\n3,4,cat\n5,6,dog\n7,8, bird \n");
        assertEquals(List.of("bird", "cat", "dog"), d.classNames());
        assertArrayEquals(new long[] {2, 1, 2, 0}, d.dataset().targets().toLongArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, d.dataset().inputs().toFloatArray());
    }

    @Test
    void numericLabelsHaveNoNames() throws IOException {
        CsvReader.Labelled d = read("x,label\n1,0\n2,1\n");
        assertEquals(List.of(), d.classNames());
        assertArrayEquals(new long[] {0, 1}, d.dataset().targets().toLongArray());
    }

    @Test
    void anEmptyNameOrANameAfterNumericLabelsIsRefused() {
        assertEquals("t.csv: line 3, column 2 (label): empty class label (the column holds class names)",
                assertThrows(IOException.class, () -> read("x,label\n1,a\n2, \n")).getMessage());
        String m = assertThrows(IOException.class, () -> read("x,label\n1,0\n2,cat\n")).getMessage();
        assertTrue(m.startsWith("t.csv: line 3, column 2 (label): 'cat' is not a number"), m);
    }

    @Test
    void bundledSetsNameTheirClassesFromTheirHeaders() {
        assertEquals(List.of("setosa", "versicolor", "virginica"), Datasets.classNames("iris"));
        assertEquals(List.of("malignant", "benign"), Datasets.classNames("breast-cancer"));
        assertEquals(List.of("class_0", "class_1", "class_2"), Datasets.classNames("wine"));
        assertEquals(List.of(), Datasets.classNames("digits"));
        assertThrows(IllegalArgumentException.class, () -> Datasets.classNames("cifar"));
    }
}
