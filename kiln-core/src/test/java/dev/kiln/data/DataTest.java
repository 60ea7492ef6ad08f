package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTest {
    private static TensorDataset counting(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.fromArray(x, n, 2), Tensor.fromArray(y, n));
    }

    private static List<long[]> epoch(DataLoader loader) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader) {
            out.add(b.targets().toLongArray());
        }
        return out;
    }

    @Test
    void shuffledOrderIsReproducibleFromSeedAndCoversEverySample() {
        TensorDataset d = counting(103);
        DataLoader a = DataLoader.builder(d).batchSize(10).shuffle(true).seed(7).build();
        DataLoader b = DataLoader.builder(d).batchSize(10).shuffle(true).seed(7).build();
        List<long[]> ea = epoch(a);
        List<long[]> eb = epoch(b);
        assertEquals(11, ea.size());
        for (int i = 0; i < ea.size(); i++) {
            assertArrayEquals(ea.get(i), eb.get(i));
        }
        long[] all = ea.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] expected = new long[103];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, all);
        assertNotEquals(Arrays.toString(ea.get(0)), Arrays.toString(epoch(a).get(0)), "a new permutation each epoch");
    }

    @Test
    void inputsStayAlignedWithTargets() {
        for (Batch b : DataLoader.builder(counting(20)).batchSize(6).shuffle(true).seed(1).build()) {
            float[] x = b.inputs().toFloatArray();
            long[] y = b.targets().toLongArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], (long) x[2 * i]);
                assertEquals(-y[i], (long) x[2 * i + 1]);
            }
        }
    }

    @Test
    void prefetchingWorkersGiveTheSameBatchesInOrder() {
        TensorDataset d = counting(97);
        List<long[]> plain = epoch(DataLoader.builder(d).batchSize(8).shuffle(true).seed(3).build());
        List<long[]> workers = epoch(DataLoader.builder(d).batchSize(8).shuffle(true).seed(3).numWorkers(2).prefetch(3).build());
        assertEquals(plain.size(), workers.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), workers.get(i));
        }
    }

    @Test
    void dropLastAndBatchCount() {
        TensorDataset d = counting(25);
        assertEquals(3, DataLoader.builder(d).batchSize(10).build().numBatches());
        DataLoader drop = DataLoader.builder(d).batchSize(10).dropLast(true).build();
        assertEquals(2, drop.numBatches());
        assertEquals(2, epoch(drop).size());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(d).batchSize(0));
    }

    @Test
    void weightedSamplerFavoursHeavyIndices() {
        Sampler s = Sampler.weighted(new double[] {0, 1, 9}, 1000, true, new Generator(5));
        int[] counts = new int[3];
        for (int i : s.epoch()) {
            counts[i]++;
        }
        assertEquals(0, counts[0]);
        assertTrue(counts[2] > 800 && counts[2] < 960, Arrays.toString(counts));
        int[] without = Sampler.weighted(new double[] {1, 1, 1, 1}, 4, false, new Generator(5)).epoch();
        assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.stream(without).sorted().toArray());
    }

    @Test
    void splitsArePartitionsAndStratifiedKeepsProportions() {
        TensorDataset d = counting(100);
        List<Subset> parts = Splits.randomSplit(d, new double[] {0.7, 0.2, 0.1}, new Generator(0));
        assertEquals(70, parts.get(0).size());
        assertEquals(20, parts.get(1).size());
        assertEquals(10, parts.get(2).size());
        boolean[] seen = new boolean[100];
        for (Subset s : parts) {
            for (int i : s.indices()) {
                assertTrue(!seen[i]);
                seen[i] = true;
            }
        }
        long[] labels = new long[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 80 ? 0 : 1;
        }
        List<Subset> strat = Splits.stratified(d, Tensor.fromArray(labels, 100), new double[] {0.5, 0.5}, new Generator(0));
        long ones = Arrays.stream(strat.get(0).indices()).filter(i -> labels[i] == 1).count();
        assertEquals(10, ones);
    }

    @Test
    void bundledDataSetsHaveTheirDocumentedShapes() {
        Datasets.Split mnist = Datasets.mnist10k();
        assertArrayEquals(new int[] {8000, 1, 28, 28}, mnist.train().inputs().shape());
        assertArrayEquals(new int[] {2000}, mnist.test().targets().shape());
        float[] px = mnist.train().inputs().toFloatArray();
        float max = 0;
        for (float v : px) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        assertArrayEquals(new int[] {150, 4}, Datasets.iris().inputs().shape());
        assertArrayEquals(new int[] {1797, 64}, Datasets.digits().inputs().shape());
        assertArrayEquals(new int[] {178, 13}, Datasets.wine().inputs().shape());
        assertArrayEquals(new int[] {569, 30}, Datasets.breastCancer().inputs().shape());
        assertEquals(2, Datasets.iris().targets().toLongArray()[149]);
    }

    @Test
    void csvErrorsNameTheLine() {
        String ragged = "a,b,label\n1,2,0\n3,4\n";
        IOException e = assertThrows(IOException.class, () -> CsvReader.builder().read(stream(ragged), "r.csv"));
        assertEquals("r.csv: line 3 has 2 fields, expected 3", e.getMessage());
        String text = "a,b,label\n1,2,0\n3,x,1\n";
        IOException e2 = assertThrows(IOException.class, () -> CsvReader.builder().read(stream(text), "t.csv"));
        assertEquals("t.csv: line 3, column 2 (b): 'x' is not a number", e2.getMessage());
    }

    @Test
    void csvLabelByNameAndRegression() throws IOException {
        TensorDataset d = CsvReader.builder().labelColumn("y").regression(true).read(stream("y,a\n0.5,1\n1.5,2\n"), "m.csv");
        assertArrayEquals(new float[] {0.5f, 1.5f}, d.targets().toFloatArray());
        assertArrayEquals(new float[] {1f, 2f}, d.inputs().toFloatArray());
    }

    @Test
    void idxRejectsBadMagicAndTruncation() {
        byte[] bad = {0, 0, 8, 4, 0, 0, 0, 1};
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(new ByteArrayInputStream(bad), "x.idx"));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        byte[] truncated = {0, 0, 8, 1, 0, 0, 0, 5, 1, 2};
        IOException e2 = assertThrows(IOException.class, () -> IdxReader.readLabels(new ByteArrayInputStream(truncated), "l.idx"));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
