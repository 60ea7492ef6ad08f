package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.Workspace;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GEMM's scratch ({@link Scratch}) belongs to the bound {@link Workspace}: a workspace reused across products
 * hands the same arrays to every product (no allocation once warm), a parallel product's tasks each hold their own,
 * and with no workspace bound every product takes fresh ones. Results do not depend on where the scratch came from.
 */
class ScratchTest {
    /** B (460·460 floats) is too large for the unpacked path ({@link DirectGemm#MAX_B}): the blocked one runs. */
    private static final int N = 460;
    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static float[] product(float[] a, float[] b) {
        float[] c = new float[N * N];
        Gemm.sgemm(N, N, N, 1f, a, 0, N, 1, b, 0, N, 1, 0f, c, 0, N);
        return c;
    }

    /** One product on one thread in {@code ws}, then the packed A and B arrays of the scratch it handed back. */
    private static float[][] productThenScratch(Workspace ws, float[] a, float[] b) {
        float[][] held = new float[2][];
        Parallel.withThreads(1, () -> ws.run(() -> {
            product(a, b);
            Scratch s = Scratch.borrow();
            held[0] = s.packedA(1);
            held[1] = s.packedB(1);
            s.release();
        }));
        return held;
    }

    @Test
    void aWorkspaceKeepsTheProductsScratchForTheNext() {
        float[] a = random(1, N * N), b = random(2, N * N);
        Workspace ws = new Workspace();
        float[][] arrays = productThenScratch(ws, a, b);
        // the product packed A (N rows padded to 12, full depth) and blocks of B into the scratch it handed back
        assertTrue(arrays[0].length >= N * N, "packed A " + arrays[0].length);
        assertTrue(arrays[1].length >= Gemm.NR * Gemm.KC / 2, "packed B " + arrays[1].length);
        float[][] again = productThenScratch(ws, a, b);
        assertSame(arrays[0], again[0], "the second product reused the first one's packed A");
        assertSame(arrays[1], again[1], "the second product reused the first one's packed B");
    }

    @Test
    void parallelTasksHoldTheirOwnScratchAndResultsAreTheSame() {
        float[] a = random(3, N * N), b = random(4, N * N);
        float[][] c = new float[3][];
        Parallel.withThreads(1, () -> c[0] = product(a, b));
        Workspace ws = new Workspace();
        // all the threads there are (2 or more on any machine the suite's speed matters on)
        c[1] = ws.call(() -> product(a, b));
        c[2] = product(a, b);
        float[] serial = c[0], parallel = c[1], unbound = c[2];
        assertArrayEquals(serial, parallel, "2 threads with a workspace against 1 thread");
        assertArrayEquals(serial, unbound, "2 threads without a workspace against 1 thread");
        ws.run(() -> {
            // the caller's scratch (packed A, handed back last) and the second task's, which it borrowed while the
            // caller's was in use (whichever thread ran it)
            Scratch first = Scratch.borrow();
            Scratch second = Scratch.borrow();
            assertNotSame(first, second);
            assertTrue(first.packedA(1).length >= N * N, "the caller's scratch holds packed A");
            first.release();
            second.release();
        });
    }

    @Test
    void withoutAWorkspaceEveryBorrowIsFresh() {
        Scratch s = Scratch.borrow();
        float[] packed = s.packedA(64);
        s.release();
        Scratch t = Scratch.borrow();
        assertNotSame(s, t);
        assertNotSame(packed, t.packedA(64));
        Workspace.withoutReuse().run(() -> {
            Scratch u = Scratch.borrow();
            u.release();
            assertNotSame(u, Scratch.borrow(), "a workspace without reuse keeps nothing");
        });
    }
}
