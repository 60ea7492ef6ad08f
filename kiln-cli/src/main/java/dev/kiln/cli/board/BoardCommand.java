package dev.kiln.cli.board;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln board [RUNS] [--port N]}: serves a local web page listing every run in a folder with
 * interactive charts that follow runs while they train (Kiln's TensorBoard). It listens on the
 * loopback address only, unless {@code --host} names another, and serves nothing outside the runs
 * folder.
 */
@Command(name = "board", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a local web page with every run in a folder: charts to compare and zoom, live while runs train,",
            "confusion matrices, misclassified examples and each run's configuration. Stop with Ctrl+C."})
public final class BoardCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "runs", paramLabel = "RUNS",
            description = "The runs folder (or one run folder). Default ${DEFAULT-VALUE}.")
    Path runs;

    @Option(names = "--port", defaultValue = "6006", description = "Port to listen on (0: any free port). Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default ${DEFAULT-VALUE} (this machine only); another address shares your runs with the network.")
    String host;

    /** Creates the command (picocli sets the options). */
    public BoardCommand() {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host: unknown address '" + host + "'", e);
        }
        BoardServer server;
        try {
            server = BoardServer.start(runs, address, port);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose another port with --port", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        int count = RunFolder.find(server.root()).size();
        System.out.println("kiln board: " + count + " run(s) in " + server.root() + " at " + server.url() + " (Ctrl+C to stop)");
        if (!address.isLoopbackAddress()) {
            System.out.println("kiln board: listening on " + host + ": anyone who can reach this machine can read these runs");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
