package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.conformance.ConformanceTensors;
import dev.kiln.io.Json;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatMulTest {
    private static Tensor randn(Generator g, int... shape) {
        return Tensor.randn(g, shape);
    }

    private static Tensor leaf(Generator g, int... shape) {
        return Tensor.randn(g, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    /** The triple-loop product of row-major matrices a [m, k] and b [k, n]. */
    private static double[] reference(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void assertClose(double[] expected, Tensor actual, double tol) {
        double[] x = actual.toDoubleArray();
        assertEquals(expected.length, x.length, "numel");
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], x[i], tol * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void twoDimensionalMatchesReference() {
        Generator g = new Generator(1);
        Tensor a = randn(g, 37, 53);
        Tensor b = randn(g, 53, 29);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {37, 29}, c.shape());
        assertEquals(DType.FLOAT32, c.dtype());
        assertClose(reference(a.toDoubleArray(), b.toDoubleArray(), 37, 53, 29), c, 1e-5);
        assertClose(reference(a.toDoubleArray(), b.toDoubleArray(), 37, 53, 29), a.mm(b), 1e-5);
    }

    @Test
    void float64UsesTheDoublePath() {
        Generator g = new Generator(2);
        Tensor a = randn(g, 6, 7).to(DType.FLOAT64);
        Tensor b = randn(g, 7, 5).to(DType.FLOAT64);
        Tensor c = a.matmul(b);
        assertEquals(DType.FLOAT64, c.dtype());
        assertClose(reference(a.toDoubleArray(), b.toDoubleArray(), 6, 7, 5), c, 1e-13);
    }

    @Test
    void transposedViewsNeedNoCopyAndGiveTheSameProduct() {
        Generator g = new Generator(3);
        Tensor at = randn(g, 70, 40);     // a = at.t() is [40, 70], column-major
        Tensor bt = randn(g, 50, 70);     // b = bt.t() is [70, 50]
        Tensor a = at.t();
        Tensor b = bt.t();
        double[] expected = reference(a.contiguous().toDoubleArray(), b.contiguous().toDoubleArray(), 40, 70, 50);
        assertClose(expected, a.matmul(b), 1e-5);
        assertClose(expected, a.contiguous().matmul(b), 1e-5);
        assertClose(expected, a.matmul(b.contiguous()), 1e-5);
        // A strided slice (every other column) as the left operand.
        Tensor wide = randn(g, 40, 140);
        Tensor every2 = wide.slice(1, 0, 140, 2);
        assertClose(reference(every2.contiguous().toDoubleArray(), b.contiguous().toDoubleArray(), 40, 70, 50),
                every2.matmul(b), 1e-5);
    }

    @Test
    void oneDimensionalRules() {
        Tensor v = Tensor.of(1f, 2f, 3f);
        Tensor w = Tensor.of(4f, 5f, 6f);
        Tensor s = v.matmul(w);
        assertArrayEquals(new int[0], s.shape());
        assertEquals(32.0, s.item(), 0);
        assertEquals(32.0, v.dot(w).item(), 0);

        Tensor m = Tensor.of(new float[][] {{1, 0, 2}, {0, 1, -1}});    // [2, 3]
        Tensor mv = m.matmul(v);
        assertArrayEquals(new int[] {2}, mv.shape());
        assertArrayEquals(new float[] {7f, -1f}, mv.toFloatArray());

        Tensor vm = Tensor.of(1f, 2f).matmul(m);                          // [2]·[2, 3] → [3]
        assertArrayEquals(new int[] {3}, vm.shape());
        assertArrayEquals(new float[] {1f, 2f, 0f}, vm.toFloatArray());

        Tensor outer = Tensor.of(1f, 2f).outer(w);
        assertArrayEquals(new int[] {2, 3}, outer.shape());
        assertArrayEquals(new float[] {4, 5, 6, 8, 10, 12}, outer.toFloatArray());

        // [2, 2, 3]·[3] → [2, 2]; [3]·[2, 3, 2] → [2, 2]
        Tensor batch = Tensor.arange(0, 12, 1, DType.FLOAT32).reshape(2, 2, 3);
        Tensor bv = batch.matmul(v);
        assertArrayEquals(new int[] {2, 2}, bv.shape());
        assertArrayEquals(new float[] {8, 26, 44, 62}, bv.toFloatArray());
        Tensor vb = v.matmul(batch.reshape(2, 3, 2));
        assertArrayEquals(new int[] {2, 2}, vb.shape());
        assertArrayEquals(new float[] {16, 22, 52, 58}, vb.toFloatArray());
    }

    @Test
    void batchDimensionsBroadcast() {
        Generator g = new Generator(4);
        Tensor a = randn(g, 2, 1, 3, 4);
        Tensor b = randn(g, 5, 4, 6);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 6}, c.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                double[] expected = reference(a.select(0, i).select(0, 0).contiguous().toDoubleArray(),
                        b.select(0, j).contiguous().toDoubleArray(), 3, 4, 6);
                assertClose(expected, c.select(0, i).select(0, j), 1e-5);
            }
        }
        // [3, 4]·[2, 4, 6] and [2, 3, 4]·[4, 6] (the folded path)
        Tensor m = randn(g, 3, 4);
        Tensor left = m.matmul(b.narrow(0, 0, 2));
        assertArrayEquals(new int[] {2, 3, 6}, left.shape());
        Tensor a3 = randn(g, 2, 3, 4);
        Tensor w = randn(g, 4, 6);
        Tensor right = a3.matmul(w);
        assertArrayEquals(new int[] {2, 3, 6}, right.shape());
        for (int i = 0; i < 2; i++) {
            assertClose(reference(m.toDoubleArray(), b.select(0, i).contiguous().toDoubleArray(), 3, 4, 6), left.select(0, i), 1e-5);
            assertClose(reference(a3.select(0, i).contiguous().toDoubleArray(), w.toDoubleArray(), 3, 4, 6), right.select(0, i), 1e-5);
        }
    }

    @Test
    void bmmAndThreadCountsAgree() {
        Generator g = new Generator(5);
        Tensor a = randn(g, 4, 33, 65);
        Tensor b = randn(g, 4, 65, 17);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor one = a.bmm(b);
            Parallel.setThreads(2);
            Tensor two = a.bmm(b);
            assertArrayEquals(new int[] {4, 33, 17}, one.shape());
            for (int t = 0; t < 4; t++) {
                double[] expected = reference(a.select(0, t).contiguous().toDoubleArray(),
                        b.select(0, t).contiguous().toDoubleArray(), 33, 65, 17);
                assertClose(expected, one.select(0, t), 1e-5);
                assertClose(expected, two.select(0, t), 1e-5);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor c = Tensor.zeros(3, 0).matmul(Tensor.zeros(0, 2));
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new float[6], c.toFloatArray());
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 6)));
        assertEquals("matmul: shapes [3, 4] and [5, 6] cannot be multiplied", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)));
        assertEquals("matmul: shapes [3] and [4] cannot be multiplied", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
        assertTrue(e.getMessage().startsWith("matmul: batch dimensions of shapes [2, 3, 4] and [3, 4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).mm(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().startsWith("mm: expected two 2-D tensors"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).bmm(Tensor.zeros(3, 4, 5)));
        assertTrue(e.getMessage().startsWith("bmm: batch sizes differ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("dot: lengths differ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).outer(Tensor.zeros(2)));
        assertTrue(e.getMessage().startsWith("outer: expected two 1-D tensors"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(DType.FLOAT32, 1).matmul(Tensor.zeros(2)));
        assertTrue(e.getMessage().startsWith("matmul: both arguments need at least 1 dimension"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.INT64, 2, 2).matmul(Tensor.zeros(DType.INT64, 2, 2)));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 2).matmul(Tensor.zeros(DType.FLOAT64, 2, 2)));
        assertTrue(e.getMessage().contains("same dtype"), e.getMessage());
    }

    @Test
    void gradCheckMatmul() {
        Generator g = new Generator(6);
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 3, 4), leaf(g, 4, 5));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 2, 1, 3, 4), leaf(g, 3, 4, 2));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 2, 3, 4), leaf(g, 4, 2));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 3, 4), leaf(g, 2, 4, 2));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 4), leaf(g, 4));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 4), leaf(g, 4, 3));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 3, 4), leaf(g, 4));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 2, 3, 4), leaf(g, 4));
        GradCheck.check(in -> in[0].matmul(in[1]), leaf(g, 4), leaf(g, 2, 4, 3));
        // Through transposed views.
        GradCheck.check(in -> in[0].t().matmul(in[1].t()), leaf(g, 4, 3), leaf(g, 5, 4));
    }

    @Test
    void gradCheckMmBmmDotOuter() {
        Generator g = new Generator(7);
        GradCheck.check(in -> in[0].mm(in[1]), leaf(g, 3, 5), leaf(g, 5, 2));
        GradCheck.check(in -> in[0].bmm(in[1]), leaf(g, 2, 3, 4), leaf(g, 2, 4, 3));
        GradCheck.check(in -> in[0].dot(in[1]), leaf(g, 6), leaf(g, 6));
        GradCheck.check(in -> in[0].outer(in[1]), leaf(g, 3), leaf(g, 4));
    }

    // ---------------------------------------------------------------- conformance

    @SuppressWarnings("unchecked")
    @Test
    void conformanceMatmulCases() throws IOException {
        Map<String, Object> suite;
        try (InputStream in = MatMulTest.class.getResourceAsStream("/conformance/tensor_ops.json")) {
            suite = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Object o : (List<Object>) suite.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (!"matmul".equals(c.get("op"))) {
                continue;
            }
            ran++;
            String id = (String) c.get("id");
            Map<String, Object> inputs = (Map<String, Object>) c.get("inputs");
            Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
            double rtol = ConformanceTensors.number(tol.get("rtol"));
            double atol = ConformanceTensors.number(tol.get("atol"));
            Tensor x = ConformanceTensors.decode((Map<String, Object>) inputs.get("input"));
            Tensor y = ConformanceTensors.decode((Map<String, Object>) inputs.get("other"));
            Tensor out = x.matmul(y);
            Map<String, Object> outputs = (Map<String, Object>) c.get("outputs");
            String msg = ConformanceTensors.compare(id + " output", out, (Map<String, Object>) outputs.get("output"), rtol, atol);
            if (msg != null) {
                failures.add(msg);
                continue;
            }
            Map<String, Object> gradOut = (Map<String, Object>) ((Map<String, Object>) c.get("grad_outputs")).get("output");
            out.mul(ConformanceTensors.decode(gradOut)).sum().backward();
            Map<String, Object> grads = (Map<String, Object>) c.get("grads");
            for (Map.Entry<String, Tensor> e : Map.of("input", x, "other", y).entrySet()) {
                String gm = ConformanceTensors.compare(id + " grad " + e.getKey(), e.getValue().grad(),
                        (Map<String, Object>) grads.get(e.getKey()), rtol, atol);
                if (gm != null) {
                    failures.add(gm);
                }
            }
        }
        assertEquals(8, ran, "matmul conformance cases");
        assertNull(failures.isEmpty() ? null : String.join("\n", failures));
    }
}
