package dev.kiln.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A ring all-reduce over TCP between {@code N} processes (ranks 0…N−1), the collective of
 * data-parallel training. Rank {@code r} sends to rank {@code r+1} and receives from rank
 * {@code r−1} (mod N).
 *
 * <p>{@link #allReduceSum} replaces every rank's array by the element-wise sum over the ranks. The
 * array is processed in buckets of {@link #bucketFloats} floats (4 MB by default); each bucket is
 * split into N chunks and reduced in two phases of N−1 steps: a reduce-scatter (in step {@code s}
 * rank {@code r} sends chunk {@code r−s} and adds the received chunk {@code r−s−1} into its own),
 * after which rank {@code r} holds the complete sum of chunk {@code r+1}, and an all-gather that
 * passes the complete chunks around the ring. Each rank therefore sends and receives
 * {@code 2(N−1)/N} of the array, whatever N is. Every element's sum is computed once, on one rank,
 * and copied to the others, so all ranks end with bit-identical arrays.
 *
 * <p>Sending runs on a helper thread while the calling thread receives, so that neither side
 * blocks on a full socket buffer. A peer that disconnects or stays silent longer than the
 * timeout fails the call with the peer's rank in the message.
 *
 * <p>Use: each rank opens its {@link Endpoint} first, the addresses are exchanged (in Spark, with
 * {@code BarrierTaskContext.allGather}), then every rank calls {@link #connect}.
 */
public final class RingAllReduce implements AutoCloseable {
    /** The default bucket: 1 Mi floats (4 MB) per message. */
    public static final int DEFAULT_BUCKET_FLOATS = 1 << 20;

    private final int rank;
    private final int size;
    private final int bucketFloats;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final OutputStream out;
    private final InputStream in;
    private final ExecutorService sender;
    private final byte[] sendBytes;
    private final byte[] receiveBytes;
    private final float[] received;

    /** A rank's listening socket, opened before the addresses are exchanged. */
    public static final class Endpoint implements AutoCloseable {
        private final ServerSocket server;

        private Endpoint(ServerSocket server) {
            this.server = server;
        }

        /** Listens on a free port of {@code host}. */
        public static Endpoint open(InetAddress host) throws IOException {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(host, 0), 4);
            return new Endpoint(s);
        }

        /** {@code host:port}, the form {@link #connect} expects of every rank. */
        public String address() {
            return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private RingAllReduce(int rank, int size, int bucketFloats, Socket toNext, Socket fromPrevious) throws IOException {
        this.rank = rank;
        this.size = size;
        this.bucketFloats = bucketFloats;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : toNext.getOutputStream();
        this.in = fromPrevious == null ? null : fromPrevious.getInputStream();
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("kiln-ring-send-" + rank).factory());
        int chunk = size == 1 ? 0 : (bucketFloats + size - 1) / size;
        this.sendBytes = new byte[4 * chunk];
        this.receiveBytes = new byte[4 * chunk];
        this.received = new float[chunk];
    }

    /**
     * Joins the ring: connects to rank {@code rank+1} and accepts rank {@code rank−1}.
     *
     * @param rank this process's rank in [0, addresses.size())
     * @param addresses every rank's {@link Endpoint#address()}, indexed by rank
     * @param endpoint this rank's endpoint (closed once the ring is connected)
     * @param bucketFloats floats per bucket (at least the number of ranks)
     * @param timeout how long to wait for a peer, per connection and per message
     */
    public static RingAllReduce connect(int rank, List<String> addresses, Endpoint endpoint, int bucketFloats, Duration timeout)
            throws IOException {
        int n = addresses.size();
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("ring all-reduce: rank " + rank + " is outside 0.." + (n - 1));
        }
        if (bucketFloats < n) {
            throw new IllegalArgumentException("ring all-reduce: a bucket of " + bucketFloats + " floats is smaller than the " + n + " ranks");
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        if (n == 1) {
            endpoint.close();
            return new RingAllReduce(rank, 1, bucketFloats, null, null);
        }
        Socket next = new Socket();
        Socket previous = null;
        try (endpoint) {
            next.setTcpNoDelay(true);
            next.connect(parse(addresses.get((rank + 1) % n)), millis);
            next.getOutputStream().write(ByteBuffer.allocate(4).putInt(rank).array());
            endpoint.server.setSoTimeout(millis);
            previous = endpoint.server.accept();
            previous.setSoTimeout(millis);
            previous.setTcpNoDelay(true);
            byte[] hello = previous.getInputStream().readNBytes(4);
            int from = hello.length == 4 ? ByteBuffer.wrap(hello).getInt() : -1;
            int expected = (rank - 1 + n) % n;
            if (from != expected) {
                throw new IOException("ring all-reduce: rank " + rank + " expected a connection from rank " + expected + ", got "
                        + (from < 0 ? "a connection that closed" : "rank " + from));
            }
            return new RingAllReduce(rank, n, bucketFloats, next, previous);
        } catch (SocketTimeoutException e) {
            closeQuietly(next, previous);
            throw new IOException("ring all-reduce: rank " + rank + " waited " + timeout.toSeconds() + " s for its neighbours to connect", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(next, previous);
            throw e;
        }
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already failing: the original error is the one to report
                }
            }
        }
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("ring all-reduce: expected host:port, got '" + address + "'");
        }
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /** This process's rank. */
    public int rank() {
        return rank;
    }

    /** The number of ranks. */
    public int size() {
        return size;
    }

    /** Floats per bucket. */
    public int bucketFloats() {
        return bucketFloats;
    }

    /** Replaces {@code data} (the same length on every rank) by the element-wise sum over all ranks. */
    public void allReduceSum(float[] data) {
        allReduceSum(data, 0, data.length);
    }

    /** Replaces {@code data[from, from + length)} (the same range on every rank) by the element-wise sum over all ranks. */
    public void allReduceSum(float[] data, int from, int length) {
        if (from < 0 || length < 0 || from + length > data.length) {
            throw new IndexOutOfBoundsException("ring all-reduce: range [" + from + ", " + (from + length) + ") of an array of " + data.length);
        }
        if (size == 1) {
            return;
        }
        for (int off = from; off < from + length; off += bucketFloats) {
            reduceBucket(data, off, Math.min(bucketFloats, from + length - off));
        }
    }

    private void reduceBucket(float[] data, int off, int len) {
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s, size);
            int receive = Math.floorMod(rank - s - 1, size);
            exchange(data, off, len, send, receive, true);
        }
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank + 1 - s, size);
            int receive = Math.floorMod(rank - s, size);
            exchange(data, off, len, send, receive, false);
        }
    }

    /** Sends chunk {@code send} to the next rank while receiving chunk {@code receive} from the previous one. */
    private void exchange(float[] data, int off, int len, int send, int receive, boolean add) {
        int sendFrom = off + chunkStart(len, send);
        int sendLen = chunkStart(len, send + 1) - chunkStart(len, send);
        Future<?> sent = sender.submit(() -> {
            write(data, sendFrom, sendLen);
            return null;
        });
        int receiveFrom = off + chunkStart(len, receive);
        int receiveLen = chunkStart(len, receive + 1) - chunkStart(len, receive);
        read(receiveLen);
        if (add) {
            for (int i = 0; i < receiveLen; i++) {
                data[receiveFrom + i] += received[i];
            }
        } else {
            System.arraycopy(received, 0, data, receiveFrom, receiveLen);
        }
        await(sent);
    }

    private int chunkStart(int len, int chunk) {
        return (int) ((long) chunk * len / size);
    }

    /**
     * Replaces {@code data} on every rank by rank {@code root}'s, passing it along the ring bucket by
     * bucket (each rank receives a bucket from its predecessor and forwards it).
     */
    public void broadcast(float[] data, int root) {
        if (size == 1) {
            return;
        }
        boolean forwards = (rank + 1) % size != root;
        for (int off = 0; off < data.length; off += received.length) {
            int len = Math.min(received.length, data.length - off);
            if (rank != root) {
                read(len);
                System.arraycopy(received, 0, data, off, len);
            }
            if (forwards) {
                write(data, off, len);
            }
        }
    }

    private void write(float[] data, int from, int len) {
        ByteBuffer.wrap(sendBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, from, len);
        try {
            out.write(sendBytes, 0, 4 * len);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + rank + " cannot send to rank " + (rank + 1) % size + ": " + e.getMessage(), e);
        }
    }

    private void read(int len) {
        int bytes = 4 * len;
        try {
            int got = in.readNBytes(receiveBytes, 0, bytes);
            if (got < bytes) {
                throw new IOException("the connection closed (the peer failed or stopped)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + rank + " lost rank " + Math.floorMod(rank - 1, size) + ": "
                    + (e instanceof SocketTimeoutException ? "no data for " + timeoutSeconds() + " s" : e.getMessage()), e);
        }
        ByteBuffer.wrap(receiveBytes, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(received, 0, len);
    }

    private long timeoutSeconds() {
        try {
            return fromPrevious.getSoTimeout() / 1000L;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void await(Future<?> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ring all-reduce: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("ring all-reduce: " + e.getCause(), e.getCause());
        }
    }

    /** Closes both connections (the neighbours' next call then fails instead of waiting). */
    @Override
    public void close() throws IOException {
        if (sender != null) {
            sender.shutdownNow();
        }
        try {
            if (toNext != null) {
                toNext.close();
            }
        } finally {
            if (fromPrevious != null) {
                fromPrevious.close();
            }
        }
    }
}
