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

/** Regression tests for the CSV defects of issue 12. */
class CsvHostileTest {
    private static TensorDataset read(String text) throws IOException {
        return CsvReader.builder().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "d.csv");
    }

    private static String refused(String text) {
        return assertThrows(IOException.class, () -> read(text)).getMessage();
    }

    @Test
    void javaLiteralsAreNotNumbers() {
        for (String lit : List.of("1f", "2d", "0x1p3", "1L", "0x10", "1_000", "1e", "--1", "1..2", "٣", "1,5")) {
            String m = refused("a,y\n" + (lit.contains(",") ? "\"" + lit + "\"" : lit) + ",0\n");
            assertTrue(m.startsWith("d.csv: line 2, column 1 (a): '") && m.contains("is not a number"), lit + " -> " + m);
        }
    }

    @Test
    void numbersAreParsedAsPythonAndNumpyDo() {
        assertEquals(3, CsvReader.parseNumber(" 3 "));
        assertEquals(0.5, CsvReader.parseNumber(".5"));
        assertEquals(1, CsvReader.parseNumber("1."));
        assertEquals(-2.5e-3, CsvReader.parseNumber("-2.5E-3"));
        assertEquals(1e3, CsvReader.parseNumber("+1e+3"));
        assertEquals(Double.POSITIVE_INFINITY, CsvReader.parseNumber("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, CsvReader.parseNumber("-Infinity"));
        assertTrue(Double.isNaN(CsvReader.parseNumber("NaN")));
    }

    @Test
    void nonFiniteFeaturesAreRefusedNamingRowAndColumn() {
        for (String v : List.of("nan", "NaN", "inf", "-Infinity", "1e999")) {
            String m = refused("a,b,y\n1,2,0\n3," + v + ",1\n");
            assertTrue(m.startsWith("d.csv: line 3, column 2 (b): non-finite value"), v + " -> " + m);
        }
    }

    @Test
    void classLabelsAreCheckedAgainstTheCap() throws IOException {
        assertTrue(refused("a,y\n1,1000000\n").contains("not an integer in [0, 10000)"));
        assertTrue(refused("a,y\n1,3000000000\n").contains("not an integer in [0, 10000)"));
        assertTrue(refused("a,y\n1,-1\n").contains("not an integer"));
        assertTrue(refused("a,y\n1,1.5\n").contains("not an integer"));
        assertTrue(refused("a,y\n1,nan\n").contains("non-finite"));
        assertArrayEquals(new long[] {9999, 2}, read("a,y\n1,9999\n2,2.0\n").targets().toLongArray());
    }

    @Test
    void everyRowMustMatchTheHeaderWidth() {
        assertEquals("d.csv: line 2 has 2 fields, expected 3", refused("a,b,y\n1,0\n2,1\n"));
        assertEquals("d.csv: line 3 has 4 fields, expected 3", refused("a,b,y\n1,2,0\n1,2,3,0\n"));
        assertTrue(refused("a,y\n\"1,0\n").contains("unterminated quoted field"));
        assertTrue(refused("a,y\n,0\n").contains("empty field"));
    }

    @Test
    void invalidUtf8AndOverlongLinesAreRefused() {
        byte[] bad = {'a', ',', 'y', '\n', '1', (byte) 0xFF, ',', '0', '\n'};
        String m = assertThrows(IOException.class, () -> CsvReader.builder().read(new ByteArrayInputStream(bad), "b.csv")).getMessage();
        assertTrue(m.startsWith("b.csv: line 2: invalid UTF-8 at byte 1"), m);
        String huge = "a,y\n" + "1".repeat(CsvReader.MAX_LINE + 1) + ",0\n";
        assertTrue(refused(huge).contains("line 2 is longer than"));
    }

    @Test
    void byteOrderMarkAndCrLfAreAccepted() throws IOException {
        TensorDataset d = CsvReader.builder().labelColumn("y").read(
                new ByteArrayInputStream("\uFEFFa,y\r\n1.5,1\r\n2,0\r\n".getBytes(StandardCharsets.UTF_8)), "w.csv");
        assertArrayEquals(new float[] {1.5f, 2f}, d.inputs().toFloatArray());
        assertArrayEquals(new long[] {1, 0}, d.targets().toLongArray());
    }
}
