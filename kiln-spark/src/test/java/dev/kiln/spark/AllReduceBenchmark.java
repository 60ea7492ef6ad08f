package dev.kiln.spark;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the ring all-reduce on loopback (N ranks as N threads of one JVM): milliseconds per
 * all-reduce of a gradient of the W2 MLP (535,818 floats) and of ResNet-18 for CIFAR (W8,
 * 11,173,962 floats), and the bus bandwidth {@code 2(N−1)/N · bytes / time}. Not a test: run with
 * {@code java -cp … dev.kiln.spark.AllReduceBenchmark [rounds]}.
 */
public final class AllReduceBenchmark {
    private AllReduceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.println("ranks  gradient               MB      median ms   min ms   bus MB/s");
        for (int n : new int[] {2, 4}) {
            for (int floats : new int[] {535_818, 11_173_962}) {
                double[] ms = measure(n, floats, rounds);
                double mb = floats * 4 / 1e6;
                double median = ms[ms.length / 2];
                System.out.printf(Locale.ROOT, "%5d  %-20s %7.2f %10.1f %8.1f %10.0f%n", n, floats == 535_818 ? "W2 MLP 784-512-256" : "W8 ResNet-18", mb,
                        median, ms[0], 2.0 * (n - 1) / n * mb / (median / 1e3));
            }
        }
    }

    private static double[] measure(int n, int floats, int rounds) throws Exception {
        List<RingAllReduce.Endpoint> endpoints = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            endpoints.add(RingAllReduce.Endpoint.open(InetAddress.getLoopbackAddress()));
            addresses.add(endpoints.get(r).address());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, endpoints.get(rank), RingAllReduce.DEFAULT_BUCKET_FLOATS,
                            Duration.ofSeconds(60))) {
                        float[] data = new float[floats];
                        Arrays.fill(data, 1f);
                        ring.allReduceSum(data); // warm-up
                        double[] times = new double[rounds];
                        for (int i = 0; i < rounds; i++) {
                            long t0 = System.nanoTime();
                            ring.allReduceSum(data);
                            times[i] = (System.nanoTime() - t0) / 1e6;
                        }
                        return times;
                    }
                }));
            }
            double[] rank0 = futures.get(0).get();
            for (Future<double[]> f : futures) {
                f.get();
            }
            Arrays.sort(rank0);
            return rank0;
        }
    }
}
