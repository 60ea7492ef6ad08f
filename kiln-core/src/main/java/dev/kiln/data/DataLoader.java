package dev.kiln.data;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Iterates a data set in mini-batches, like {@code torch.utils.data.DataLoader}.
 *
 * <p>Each pass ({@link #iterator()}) is one epoch: the sampler orders the indices (shuffled from
 * the loader's seeded generator when {@code shuffle} is set), consecutive groups of
 * {@code batchSize} become batches (the last, shorter one is dropped with {@code dropLast}), and
 * the collate step builds each batch. With {@code numWorkers > 0}, worker threads build up to
 * {@code prefetch} batches ahead in a bounded window while the training step runs; batches always
 * arrive in sampler order, so a run is reproducible whatever the timing.
 *
 * <pre>{@code
 * var loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(0).numWorkers(1).build();
 * for (Batch b : loader) { ... }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final IterableDataset stream;
    private final int batchSize;
    private final boolean dropLast;
    private final Sampler sampler;
    private final Collate collate;
    private final int numWorkers;
    private final int prefetch;
    private final Generator generator;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.stream = b.stream;
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.collate = b.collate;
        this.numWorkers = b.numWorkers;
        this.prefetch = b.prefetch;
        this.generator = b.generator != null ? b.generator : new Generator(b.seed != null ? b.seed : Kiln.defaultGenerator().nextLong());
        if (b.sampler != null) {
            this.sampler = b.sampler;
        } else if (dataset != null) {
            this.sampler = b.shuffle ? Sampler.random(dataset.size(), generator) : Sampler.sequential(dataset.size());
        } else {
            this.sampler = null;
        }
    }

    /**
     * A builder for a random-access data set.
     *
     * @param dataset the data set to load
     * @return a builder with batch size 1, no shuffling, no workers
     */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset, null);
    }

    /**
     * A builder for an iterable (streamed) data set; samplers and shuffling do not apply.
     *
     * @param dataset the streamed data set to load
     * @return a builder with batch size 1 and no workers
     */
    public static Builder builder(IterableDataset dataset) {
        return new Builder(null, dataset);
    }

    /**
     * The number of batches per epoch (for a random-access data set).
     *
     * @return ceil(size / batch size), or floor with {@code dropLast}
     */
    public int numBatches() {
        if (dataset == null) {
            throw new UnsupportedOperationException("numBatches: an iterable data set has no known length");
        }
        int n = sampler.epoch().length;
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The batch size.
     *
     * @return samples per batch
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The data set (null for an iterable data set).
     *
     * @return the random-access data set, or null
     */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * The generator that shuffles; its state is part of a checkpoint for an exact resume.
     *
     * @return the shuffling generator
     */
    public Generator generator() {
        return generator;
    }

    @Override
    public Iterator<Batch> iterator() {
        if (dataset == null) {
            return streamIterator();
        }
        int[] order = sampler.epoch();
        int full = order.length / batchSize;
        int count = dropLast || order.length % batchSize == 0 ? full : full + 1;
        List<int[]> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batches.add(Arrays.copyOfRange(order, i * batchSize, Math.min(order.length, (i + 1) * batchSize)));
        }
        if (numWorkers == 0) {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < batches.size();
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return build(batches.get(next++));
                }
            };
        }
        return new PrefetchIterator(batches);
    }

    private Batch build(int[] indices) {
        if (dataset instanceof TensorDataset td && collate == null) {
            return td.rows(indices);
        }
        List<Sample> samples = new ArrayList<>(indices.length);
        for (int i : indices) {
            samples.add(dataset.get(i));
        }
        return (collate == null ? Collate.stack() : collate).apply(samples);
    }

    private Iterator<Batch> streamIterator() {
        Iterator<Sample> source = stream.iterator();
        Collate c = collate == null ? Collate.stack() : collate;
        return new Iterator<>() {
            private Batch pending = advance();

            private Batch advance() {
                List<Sample> samples = new ArrayList<>(batchSize);
                while (samples.size() < batchSize && source.hasNext()) {
                    samples.add(source.next());
                }
                if (samples.isEmpty() || (dropLast && samples.size() < batchSize)) {
                    return null;
                }
                return c.apply(samples);
            }

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public Batch next() {
                if (pending == null) {
                    throw new NoSuchElementException();
                }
                Batch b = pending;
                pending = advance();
                return b;
            }
        };
    }

    /** Builds batches on worker threads, at most {@code prefetch} ahead, delivered in order. */
    private final class PrefetchIterator implements Iterator<Batch> {
        private final List<int[]> batches;
        private final ArrayDeque<CompletableFuture<Batch>> window = new ArrayDeque<>();
        private final ExecutorService workers;
        private int submitted;

        PrefetchIterator(List<int[]> batches) {
            this.batches = batches;
            this.workers = Executors.newFixedThreadPool(numWorkers, r -> {
                Thread t = new Thread(r, "kiln-data-worker");
                t.setDaemon(true);
                return t;
            });
            fill();
        }

        private void fill() {
            while (window.size() < prefetch && submitted < batches.size()) {
                int[] indices = batches.get(submitted++);
                window.add(CompletableFuture.supplyAsync(() -> build(indices), workers));
            }
            if (window.isEmpty()) {
                workers.shutdown();
            }
        }

        @Override
        public boolean hasNext() {
            return !window.isEmpty();
        }

        @Override
        public Batch next() {
            if (window.isEmpty()) {
                throw new NoSuchElementException();
            }
            try {
                Batch b = window.poll().get();
                fill();
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
                throw new IllegalStateException("data loader interrupted", e);
            } catch (ExecutionException e) {
                workers.shutdownNow();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("data loader worker failed: " + cause, cause);
            }
        }
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private final IterableDataset stream;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private Sampler sampler;
        private Collate collate;
        private int numWorkers;
        private int prefetch = 2;
        private Long seed;
        private Generator generator;

        private Builder(Dataset dataset, IterableDataset stream) {
            this.dataset = dataset;
            this.stream = stream;
        }

        /**
         * Samples per batch (default 1).
         *
         * @param n samples per batch, at least 1
         * @return this builder
         */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + n);
            }
            batchSize = n;
            return this;
        }

        /**
         * Reshuffle every epoch (default false).
         *
         * @param s whether to draw a new order every epoch
         * @return this builder
         */
        public Builder shuffle(boolean s) {
            shuffle = s;
            return this;
        }

        /**
         * Drop the last incomplete batch (default false).
         *
         * @param d whether to skip a last batch smaller than the batch size
         * @return this builder
         */
        public Builder dropLast(boolean d) {
            dropLast = d;
            return this;
        }

        /**
         * A custom sampler (instead of shuffle).
         *
         * @param s the order of the indices of each epoch
         * @return this builder
         */
        public Builder sampler(Sampler s) {
            sampler = s;
            return this;
        }

        /**
         * A custom collate step.
         *
         * @param c turns a list of samples into a batch
         * @return this builder
         */
        public Builder collate(Collate c) {
            collate = c;
            return this;
        }

        /**
         * Worker threads building batches ahead (default 0: on the calling thread).
         *
         * @param n worker threads (0 builds batches on the caller's thread)
         * @return this builder
         */
        public Builder numWorkers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("DataLoader: numWorkers must be non-negative, got " + n);
            }
            numWorkers = n;
            return this;
        }

        /**
         * Batches built ahead by the workers (default 2).
         *
         * @param n batches the workers may build ahead, at least 1
         * @return this builder
         */
        public Builder prefetch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("DataLoader: prefetch must be at least 1, got " + n);
            }
            prefetch = n;
            return this;
        }

        /**
         * Seeds the shuffling generator.
         *
         * @param s the seed of the shuffling generator
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * Uses this generator for shuffling.
         *
         * @param g the shuffling generator (saved in checkpoints for an exact resume)
         * @return this builder
         */
        public Builder generator(Generator g) {
            generator = g;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader; iterate it for one epoch of batches
         */
        public DataLoader build() {
            if (dataset == null && (shuffle || sampler != null)) {
                throw new IllegalArgumentException("DataLoader: shuffle and samplers need a random-access Dataset, not an IterableDataset");
            }
            return new DataLoader(this);
        }
    }
}
