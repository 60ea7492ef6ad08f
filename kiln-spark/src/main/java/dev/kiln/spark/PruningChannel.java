package dev.kiln.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Where a trial running on an executor reaches the driver's study: the address of the driver's
 * {@link PruningService} and the run's token (a request without it is refused). Each call is one
 * short TCP exchange.
 *
 * <p>Protocol (big-endian, {@code java.io.DataOutput}): the request is the token (long), the trial
 * number (int) and an operation byte — {@link #REPORT} followed by the step (int) and the value
 * (double), or {@link #SHOULD_PRUNE}; the answer is one byte, {@link #NO} or {@link #YES}, or
 * {@link #ERROR} followed by a message (UTF).
 *
 * @param host the driver's host
 * @param port the service's port
 * @param token the run's secret
 */
public record PruningChannel(String host, int port, long token) implements Serializable {
    static final byte REPORT = 1;
    static final byte SHOULD_PRUNE = 2;
    static final byte NO = 0;
    static final byte YES = 1;
    static final byte ERROR = 2;
    private static final int TIMEOUT_MILLIS = 120_000;

    /** Records {@code value} at {@code step} as an intermediate value of trial {@code trial} in the driver's study. */
    void report(int trial, int step, double value) {
        call(trial, REPORT, step, value);
    }

    /** Asks the driver's pruner whether trial {@code trial} should stop now. */
    boolean shouldPrune(int trial) {
        return call(trial, SHOULD_PRUNE, 0, 0);
    }

    private boolean call(int trial, byte operation, int step, double value) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeLong(token);
            out.writeInt(trial);
            out.writeByte(operation);
            if (operation == REPORT) {
                out.writeInt(step);
                out.writeDouble(value);
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte answer = in.readByte();
            if (answer == ERROR) {
                throw new IllegalStateException("trial " + trial + ": the driver's study answered: " + in.readUTF());
            }
            return answer == YES;
        } catch (IOException e) {
            throw new UncheckedIOException("trial " + trial + " cannot reach the driver's study at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
