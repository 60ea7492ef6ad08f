package dev.kiln.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's end of {@link PruningChannel}: accepts the executors' requests on a TCP port and
 * queues them, so that the study is used by one thread only — the one that calls {@link #next}
 * and answers (in {@link SparkStudy}, the loop that also asks and tells).
 */
final class PruningService implements AutoCloseable {
    /** A trial's request: {@code operation} is {@link PruningChannel#REPORT} (with step and value) or {@link PruningChannel#SHOULD_PRUNE}. */
    record Request(int trial, byte operation, int step, double value, CompletableFuture<Answer> answer) {
    }

    /** The answer to a request: yes or no, or an error message. */
    record Answer(boolean yes, String error) {
        static Answer of(boolean yes) {
            return new Answer(yes, null);
        }
    }

    private final ServerSocket server;
    private final long token = new SecureRandom().nextLong();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    /** Listens on a free port of {@code host} (the driver's address as the executors know it). */
    PruningService(String host) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 64);
        acceptor = Thread.ofPlatform().daemon().name("kiln-pruning-service").start(this::acceptLoop);
    }

    /** What the trials are given to reach this service. */
    PruningChannel channel() {
        return new PruningChannel(server.getInetAddress().getHostAddress(), server.getLocalPort(), token);
    }

    /** The next request, waiting at most {@code millis}; null when none came. */
    Request next(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("kiln-pruning-request").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (in.readLong() != token) {
                return; // not one of this run's trials
            }
            int trial = in.readInt();
            byte operation = in.readByte();
            int step = 0;
            double value = 0;
            if (operation == PruningChannel.REPORT) {
                step = in.readInt();
                value = in.readDouble();
            } else if (operation != PruningChannel.SHOULD_PRUNE) {
                return;
            }
            Request r = new Request(trial, operation, step, value, new CompletableFuture<>());
            requests.add(r);
            Answer a = r.answer().get(10, TimeUnit.MINUTES);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            if (a.error() != null) {
                out.writeByte(PruningChannel.ERROR);
                out.writeUTF(a.error());
            } else {
                out.writeByte(a.yes() ? PruningChannel.YES : PruningChannel.NO);
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the trial's side sees the connection close and fails with its own message
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
