package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The ring all-reduce on loopback, without Spark: N threads are the N ranks. */
class RingAllReduceTest {
    interface RankWork {
        float[] run(RingAllReduce ring) throws Exception;
    }

    /** Runs {@code work} on {@code n} connected ranks and returns each rank's array. */
    static List<float[]> onRing(int n, int bucket, RankWork work) throws Exception {
        List<RingAllReduce.Endpoint> endpoints = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            RingAllReduce.Endpoint e = RingAllReduce.Endpoint.open(InetAddress.getLoopbackAddress());
            endpoints.add(e);
            addresses.add(e.address());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, endpoints.get(rank), bucket, Duration.ofSeconds(20))) {
                        return work.run(ring);
                    }
                }));
            }
            List<float[]> out = new ArrayList<>();
            for (Future<float[]> f : results) {
                out.add(f.get());
            }
            return out;
        }
    }

    private static float[] random(long seed, int length) {
        Random rng = new Random(seed);
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    @ParameterizedTest(name = "{0} ranks, {1} floats, buckets of {2}")
    @CsvSource({"1, 10, 4", "2, 1001, 64", "3, 1000, 7", "4, 3, 4", "4, 100003, 1048576", "5, 777, 100"})
    void everyRankGetsTheSumAndTheSameBits(int n, int length, int bucket) throws Exception {
        List<float[]> results = onRing(n, bucket, ring -> {
            float[] data = random(ring.rank(), length);
            ring.allReduceSum(data);
            return data;
        });
        double[] expected = new double[length];
        for (int r = 0; r < n; r++) {
            float[] contribution = random(r, length);
            for (int i = 0; i < length; i++) {
                expected[i] += contribution[i];
            }
        }
        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], results.get(0)[i], 1e-5 * n, "element " + i);
        }
        for (int r = 1; r < n; r++) {
            assertArrayEquals(results.get(0), results.get(r), "rank " + r + " differs from rank 0");
        }
    }

    @Test
    void broadcastCopiesTheRootsArrayInBuckets() throws Exception {
        int n = 4;
        List<float[]> results = onRing(n, 16, ring -> {
            float[] data = random(10 + ring.rank(), 50);
            ring.broadcast(data, 2);
            return data;
        });
        for (float[] r : results) {
            assertArrayEquals(random(12, 50), r);
        }
    }

    @Test
    void aRankThatLeavesFailsTheOthersInsteadOfHangingThem() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> onRing(3, 64, ring -> {
            if (ring.rank() == 1) {
                ring.close();
                return new float[0];
            }
            float[] data = new float[100];
            ring.allReduceSum(data);
            return data;
        }));
        assertTrue(e.getCause() instanceof UncheckedIOException, e.getCause().toString());
        // rank 0 fails first: it cannot send to rank 1, or loses rank 2 (which lost rank 1 and closed)
        assertTrue(e.getCause().getMessage().matches("ring all-reduce: rank 0 (cannot send to rank 1|lost rank 2): .*"), e.getCause().getMessage());
    }

    @Test
    void refusesARankOutsideTheRing() throws IOException {
        try (RingAllReduce.Endpoint e = RingAllReduce.Endpoint.open(InetAddress.getLoopbackAddress())) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> RingAllReduce.connect(2, List.of(e.address(), e.address()), e, 16, Duration.ofSeconds(1)));
            assertTrue(x.getMessage().contains("rank 2 is outside 0..1"), x.getMessage());
        }
    }
}
