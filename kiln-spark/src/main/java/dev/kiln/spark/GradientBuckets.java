package dev.kiln.spark;

import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The all-reduce of the gradients overlapped with the backward, as PyTorch's DDP does it: the
 * parameters, in reverse registration order (about the order in which the backward finishes
 * their gradients), are grouped into buckets of about {@code bucketFloats} floats; a gradient
 * hook on each parameter ({@link Tensor#registerHook}) copies {@code n·g} into the flat array as
 * soon as the gradient is final, and when every parameter of a bucket is in, the bucket's
 * all-reduce starts on a communication thread while the backward goes on. Buckets are launched
 * strictly in bucket order, so all ranks issue the same sequence of collectives whatever order
 * their hooks fire in. {@link #finish} launches the buckets still waiting (parameters that got no
 * gradient count as zeros) and waits for all of them.
 *
 * <p>The flat array's layout is {@link GradientAverager}'s: parameters in the order given, then
 * the sample count {@code n}, which travels in the last bucket. One backward per optimiser step
 * (no gradient accumulation).
 */
final class GradientBuckets implements AutoCloseable {
    private final RingAllReduce ring;
    private final float[] flat;
    private final int[] offsets;
    private final int[] sizes;
    private final int[] bucketOf;
    private final int[] bucketStart;
    private final int[] bucketEnd;
    private final int[] bucketParameters;
    private final int[] waiting;
    private final boolean[] filled;
    private final Future<?>[] inFlight;
    private final ExecutorService communication;
    private final List<HookHandle> hooks = new ArrayList<>();
    private int nextLaunch;
    private float samples = Float.NaN;

    /**
     * Buckets over {@code parameters}, whose gradients times the sample count go to
     * {@code flat[offsets[i], offsets[i] + numel)}; {@code flat[flat.length − 1]} holds the count.
     */
    GradientBuckets(RingAllReduce ring, List<Tensor> parameters, int[] offsets, float[] flat, int bucketFloats) {
        this.ring = ring;
        this.flat = flat;
        this.offsets = offsets;
        int n = parameters.size();
        this.sizes = new int[n];
        this.bucketOf = new int[n];
        this.filled = new boolean[n];
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            sizes[i] = parameters.get(i).numel();
            bucketOf[i] = ranges.size();
            count++;
            int end = offsets[i] + sizes[i];
            if (end - start >= bucketFloats || i == n - 1) {
                ranges.add(new int[] {start, i == n - 1 ? flat.length : end, count});
                start = end;
                count = 0;
            }
        }
        if (n == 0) {
            ranges.add(new int[] {0, flat.length, 0});
        }
        int buckets = ranges.size();
        bucketStart = new int[buckets];
        bucketEnd = new int[buckets];
        bucketParameters = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            bucketStart[b] = ranges.get(b)[0];
            bucketEnd[b] = ranges.get(b)[1];
            bucketParameters[b] = ranges.get(b)[2];
        }
        waiting = bucketParameters.clone();
        inFlight = new Future<?>[buckets];
        communication = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("kiln-gradient-buckets-" + ring.rank()).factory());
        for (int i = 0; i < n; i++) {
            int index = i;
            hooks.add(parameters.get(i).registerHook(g -> {
                ready(index, g);
                return null;
            }));
        }
    }

    /** The number of buckets. */
    int buckets() {
        return bucketStart.length;
    }

    /** The number of samples of the coming backward (the weight of this replica's gradients). */
    void samples(long n) {
        samples = n;
    }

    private void ready(int parameter, Tensor g) {
        if (filled[parameter]) {
            throw new IllegalStateException("overlapped all-reduce: a second backward before the optimiser step (gradient accumulation) is not supported");
        }
        if (Float.isNaN(samples)) {
            throw new IllegalStateException("overlapped all-reduce: a backward without a forward of the model");
        }
        float[] values = g.toFloatArray();
        int at = offsets[parameter];
        for (int i = 0; i < values.length; i++) {
            flat[at + i] = values[i] * samples;
        }
        filled[parameter] = true;
        waiting[bucketOf[parameter]]--;
        launchReady();
    }

    private void launchReady() {
        while (nextLaunch < bucketStart.length && waiting[nextLaunch] == 0) {
            int b = nextLaunch++;
            if (b == bucketStart.length - 1) {
                flat[flat.length - 1] = samples;
            }
            inFlight[b] = communication.submit(() -> ring.allReduceSum(flat, bucketStart[b], bucketEnd[b] - bucketStart[b]));
        }
    }

    /**
     * Launches what is still waiting (a parameter without a gradient contributes zeros) and waits
     * for every bucket; then {@code flat} holds the sums over the ranks. Resets for the next step.
     *
     * @param stepSamples the samples of this step, as the trainer counted them
     */
    void finish(long stepSamples) {
        if (!Float.isNaN(samples) && samples != stepSamples) {
            throw new IllegalStateException("overlapped all-reduce: the step has " + stepSamples + " samples but the backward had " + (long) samples
                    + " (gradient accumulation is not supported)");
        }
        samples = stepSamples;
        for (int i = 0; i < filled.length; i++) {
            if (!filled[i]) {
                Arrays.fill(flat, offsets[i], offsets[i] + sizes[i], 0f);
                filled[i] = true;
                waiting[bucketOf[i]]--;
            }
        }
        launchReady();
        try {
            for (Future<?> f : inFlight) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("overlapped all-reduce: interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("overlapped all-reduce: " + e.getCause(), e.getCause());
        } finally {
            Arrays.fill(filled, false);
            System.arraycopy(bucketParameters, 0, waiting, 0, waiting.length);
            Arrays.fill(inFlight, null);
            nextLaunch = 0;
            samples = Float.NaN;
        }
    }

    /** Removes the hooks and stops the communication thread. */
    @Override
    public void close() {
        hooks.forEach(HookHandle::remove);
        communication.shutdownNow();
    }
}
