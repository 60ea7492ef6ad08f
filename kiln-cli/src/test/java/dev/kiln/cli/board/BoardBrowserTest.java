package dev.kiln.cli.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.Main;
import dev.kiln.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln board} and report.html in a real browser (headless Chromium over the DevTools
 * protocol), against run folders trained by the test: the runs table shows each run's figures as
 * the run folder records them, the charts draw every logged point and overlay the ticked runs,
 * hovering shows values, dragging zooms, the log scale and smoothing switch, the details show the
 * configuration, confusion matrix and misclassified examples, a run that is still training is
 * followed live, and report.html works from a file without the server.
 */
class BoardBrowserTest {
    @TempDir
    static Path tmp;
    private static Path runs;
    private static BoardServer server;
    private static HeadlessChromium chrome;

    @BeforeAll
    static void trainTwoRunsAndStartTheBoard() throws Exception {
        runs = tmp.resolve("runs");
        train("--data", "iris", "--epochs", "3", "--lr", "0.01", "--out", runs.resolve("adam").toString());
        train("--data", "iris", "--epochs", "3", "--optimizer", "sgd", "--lr", "0.05", "--scheduler", "none",
                "--out", runs.resolve("sgd").toString());
        server = BoardServer.start(runs, InetAddress.getLoopbackAddress(), 0);
        chrome = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chrome != null) {
            chrome.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void train(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "train";
        System.arraycopy(options, 0, args, 1, options.length);
        kiln(args);
    }

    private static void kiln(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            assertEquals(0, status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }

    /** A column of a CSV file with a header. */
    private static List<Double> column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int c = List.of(lines.getFirst().split(",")).indexOf(name);
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            values.add(Double.parseDouble(line.split(",")[c]));
        }
        return values;
    }

    private static Map<String, Object> json(Path file) throws IOException {
        return Json.parseObject(Files.readString(file));
    }

    /** The percentage in a cell such as "91.67% (2)". */
    private static double percentIn(String text) {
        return Double.parseDouble(text.substring(0, text.indexOf('%'))) / 100;
    }

    private static int points(String chart) {
        return ((Number) chrome.eval("Number(document.getElementById('chart-" + chart + "').dataset.drawnPoints)")).intValue();
    }

    private static void openBoard() {
        chrome.open(server.url());
        chrome.waitFor("document.querySelectorAll('#runs-table tbody tr').length === 2 && !!document.querySelector('#chart-loss-epoch canvas')", 20);
    }

    private static void tick(String run) {
        chrome.eval("document.querySelector('input.select-run[data-run=\"" + run + "\"]').click()");
    }

    @Test
    void theRunsTableShowsWhatEachRunFolderRecords() throws IOException {
        openBoard();
        for (String run : List.of("adam", "sgd")) {
            Path dir = runs.resolve(run);
            List<Double> val = column(dir.resolve("metrics.csv"), "val_accuracy");
            int best = 0;
            for (int i = 1; i < val.size(); i++) {
                best = val.get(i) > val.get(best) ? i : best;
            }
            String row = "#runs-table tr[data-run=\"" + run + "\"]";
            String bestCell = (String) chrome.eval("document.querySelector('" + row.replace("'", "\\'") + " .best-val-acc').textContent");
            assertEquals(val.get(best), percentIn(bestCell), 0.00005 + 1e-9, bestCell);
            assertTrue(bestCell.endsWith("(" + (best + 1) + ")"), "the best epoch is named: " + bestCell);
            Map<String, Object> results = json(dir.resolve("results.json"));
            String testCell = (String) chrome.eval("document.querySelector('" + row.replace("'", "\\'") + " .test-acc').textContent");
            assertEquals(((Number) results.get("test_accuracy")).doubleValue(), percentIn(testCell), 0.00005 + 1e-9, testCell);
            assertTrue(testCell.contains(results.get("checkpoint") + ", epoch " + results.get("checkpoint_epoch")),
                    "the test figure names its checkpoint: " + testCell);
            String text = (String) chrome.eval("document.querySelector('" + row.replace("'", "\\'") + "').innerText");
            assertTrue(text.contains("iris") && text.contains("finished") && text.contains("3 / 3"), text);
        }
    }

    @Test
    void chartsDrawEveryLoggedPointAndOverlayTheTickedRuns() throws IOException {
        openBoard();
        // the newest run is drawn first; tick the other one too
        String first = (String) chrome.eval("document.querySelector('input.select-run:checked').dataset.run");
        String other = first.equals("adam") ? "sgd" : "adam";
        tick(other);
        int epochs = 0;
        int steps = 0;
        for (String run : List.of("adam", "sgd")) {
            epochs += column(runs.resolve(run).resolve("metrics.csv"), "epoch").size();
            steps += column(runs.resolve(run).resolve("lr.csv"), "step").size();
        }
        int expectedEpochPoints = 2 * epochs;
        chrome.waitFor("Number(document.getElementById('chart-loss-epoch').dataset.drawnPoints) === " + expectedEpochPoints, 20);
        assertEquals(2 * epochs, points("accuracy-epoch"), "train and validation accuracy of both runs");
        assertEquals(2 * steps, points("loss-step"), "raw and smoothed per-step loss of both runs");
        assertEquals(steps, points("lr-step"), "the learning rate of every step of both runs");
        String series = (String) chrome.eval("document.getElementById('chart-loss-epoch').dataset.series");
        assertTrue(series.contains("adam train") && series.contains("sgd validation"), series);
        assertEquals(4L, ((Number) chrome.eval("document.querySelectorAll('#charts .uplot canvas').length")).longValue(),
                "four charts drawn on canvases");
    }

    @Test
    void hoverShowsTheLoggedValueAndDraggingZooms() throws IOException {
        openBoard();
        String run = (String) chrome.eval("document.querySelector('input.select-run:checked').dataset.run");
        List<Double> trainLoss = column(runs.resolve(run).resolve("metrics.csv"), "train_loss");
        String plot = "KilnBoard.plot('loss-epoch')";
        double left = ((Number) chrome.eval("document.querySelector('#chart-loss-epoch .u-over').getBoundingClientRect().left")).doubleValue();
        double top = ((Number) chrome.eval("document.querySelector('#chart-loss-epoch .u-over').getBoundingClientRect().top")).doubleValue();
        double x2 = ((Number) chrome.eval(plot + ".valToPos(2, 'x')")).doubleValue();
        chrome.hover(left + x2, top + 20);
        chrome.waitFor(plot + ".cursor.idx === 1", 10);
        String shown = (String) chrome.eval("document.querySelectorAll('#chart-loss-epoch .u-legend .u-series')[1].querySelector('.u-value').textContent");
        assertEquals(trainLoss.get(1), Double.parseDouble(shown.replace(",", "")), 0.0005, "the legend shows epoch 2's train loss: " + shown);

        double x1 = ((Number) chrome.eval(plot + ".valToPos(1.5, 'x')")).doubleValue();
        double x3 = ((Number) chrome.eval(plot + ".valToPos(2.5, 'x')")).doubleValue();
        chrome.drag(left + x1, top + 30, left + x3, top + 30);
        chrome.waitFor(plot + ".scales.x.min > 1.2 && " + plot + ".scales.x.max < 2.8", 10);
    }

    @Test
    void logScaleAndSmoothingRedrawTheCharts() throws IOException {
        openBoard();
        String run = (String) chrome.eval("document.querySelector('input.select-run:checked').dataset.run");
        int steps = column(runs.resolve(run).resolve("lr.csv"), "step").size();
        assertEquals(1L, ((Number) chrome.eval("KilnBoard.plot('loss-epoch').scales.y.distr")).longValue());
        chrome.eval("document.getElementById('log-scale').click()");
        chrome.waitFor("KilnBoard.plot('loss-epoch').scales.y.distr === 3 && KilnBoard.plot('lr-step').scales.y.distr === 3", 10);
        assertEquals(1L, ((Number) chrome.eval("KilnBoard.plot('accuracy-epoch').scales.y.distr")).longValue(), "accuracy stays linear");
        assertEquals(2 * steps, points("loss-step"));
        chrome.eval("(function(){var s=document.getElementById('smoothing'); s.value='0'; s.dispatchEvent(new Event('input'));})()");
        chrome.waitFor("Number(document.getElementById('chart-loss-epoch').dataset.drawnPoints) > 0 && "
                + "Number(document.getElementById('chart-loss-step').dataset.drawnPoints) === " + steps, 10);
    }

    @Test
    void detailsShowTheConfigurationConfusionMatrixAndMisclassifiedExamples() throws IOException {
        openBoard();
        chrome.eval("document.querySelector('#runs-table tr[data-run=\"sgd\"] a.run-name').click()");
        chrome.waitFor("document.querySelector('#details h2') && document.querySelector('#details h2').textContent === 'Run sgd'", 10);
        String config = (String) chrome.eval("document.querySelector('#details table.config').innerText");
        assertTrue(config.contains("optimizer\tsgd") && config.contains("lr\t0.05"), config);
        Map<String, Object> confusion = json(runs.resolve("sgd/confusion.json"));
        Map<String, Object> results = json(runs.resolve("sgd/results.json"));
        long cells = ((Number) chrome.eval("Array.from(document.querySelectorAll('#details table.confusion td'))"
                + ".reduce(function(a, td){return a + Number(td.textContent);}, 0)")).longValue();
        assertEquals(((Number) results.get("test_samples")).longValue(), cells, "the matrix counts every test sample");
        long wrong = 0;
        List<?> matrix = (List<?>) confusion.get("matrix");
        for (int i = 0; i < matrix.size(); i++) {
            List<?> row = (List<?>) matrix.get(i);
            for (int j = 0; j < row.size(); j++) {
                wrong += i == j ? 0 : ((Number) row.get(j)).longValue();
            }
        }
        long accuracyWrong = Math.round((1 - ((Number) results.get("test_accuracy")).doubleValue()) * cells);
        assertEquals(accuracyWrong, wrong, "the matrix agrees with the test accuracy of the same checkpoint");
        long figures = ((Number) chrome.eval("document.querySelectorAll('#details .misclassified figure').length")).longValue();
        assertEquals(Math.min(24, wrong), figures, "one figure per misclassified example");
        String files = (String) chrome.eval("Array.from(document.querySelectorAll('#details ul.files a')).map(a => a.getAttribute('href')).join(' ')");
        assertTrue(files.contains("/files/sgd/metrics.csv") && files.contains("/files/sgd/best/model.safetensors"), files);
    }

    @Test
    void aRunStillTrainingIsFollowedLive() throws IOException {
        Path liveRuns = tmp.resolve("live-runs");
        Path live = liveRuns.resolve("training-now");
        Files.createDirectories(live);
        Path source = runs.resolve("adam");
        Files.copy(source.resolve("run.json"), live.resolve("run.json"));
        List<String> metrics = Files.readAllLines(source.resolve("metrics.csv"));
        Files.write(live.resolve("metrics.csv"), metrics.subList(0, 2));
        try (BoardServer board = BoardServer.start(liveRuns, InetAddress.getLoopbackAddress(), 0)) {
            chrome.open(board.url());
            chrome.waitFor("Number((document.getElementById('chart-loss-epoch') || {dataset: {}}).dataset.drawnPoints) === 2", 20);
            String status = (String) chrome.eval("document.querySelector('#runs-table td.status').textContent");
            assertEquals("running", status, "a run without results whose logs just changed is running");
            Files.writeString(live.resolve("metrics.csv"), metrics.get(2) + "\n", java.nio.file.StandardOpenOption.APPEND);
            chrome.waitFor("Number(document.getElementById('chart-loss-epoch').dataset.drawnPoints) === 4", 20);
            assertEquals("2 / 3", chrome.eval("document.querySelectorAll('#runs-table tbody td')[8].textContent"));
        }
    }

    @Test
    void reportHtmlIsTheSamePageSelfContainedAndOffline() throws IOException {
        Path report = runs.resolve("adam/report.html");
        chrome.open(report.toUri().toString());
        chrome.waitFor("!!document.querySelector('#chart-lr-step canvas')", 20);
        assertEquals(0L, ((Number) chrome.eval("document.querySelectorAll('script[src], link[href], img[src^=\"http\"]').length")).longValue(),
                "nothing is loaded from elsewhere");
        int epochs = column(runs.resolve("adam/metrics.csv"), "epoch").size();
        int steps = column(runs.resolve("adam/lr.csv"), "step").size();
        assertEquals(2 * epochs, points("loss-epoch"));
        assertEquals(steps, points("lr-step"));
        Map<String, Object> results = json(runs.resolve("adam/results.json"));
        String figure = (String) chrome.eval("document.querySelector('#details p.results').textContent");
        assertTrue(figure.contains(String.format(Locale.ROOT, "%.2f%%", 100 * ((Number) results.get("test_accuracy")).doubleValue()))
                && figure.contains(results.get("checkpoint") + " checkpoint"), figure);
        assertTrue(((Number) chrome.eval("document.querySelectorAll('#details table.confusion td').length")).intValue() == 9,
                "iris: a 3x3 confusion matrix");
    }

    @Test
    void studiesOfKilnTuneAppearWithTheirBestTrialAndLinks() throws IOException {
        Path studies = tmp.resolve("studies");
        Path study = studies.resolve("wine-study");
        kiln("tune", "--data", "wine", "--model", "linear(8),relu", "--epochs", "2", "--trials", "3", "--sampler", "random",
                "--space", "lr=log(1e-3,1e-1)", "--out", study.toString());
        // the best trial as trials.json records it: the complete trial with the lowest validation loss
        List<?> trials = (List<?>) Json.parse(Files.readString(study.resolve("trials.json")));
        Map<?, ?> best = null;
        for (Object o : trials) {
            Map<?, ?> t = (Map<?, ?>) o;
            if ("COMPLETE".equals(t.get("state")) && (best == null
                    || ((Number) ((List<?>) t.get("values")).getFirst()).doubleValue() < ((Number) ((List<?>) best.get("values")).getFirst()).doubleValue())) {
                best = t;
            }
        }
        assertTrue(best != null, "a complete trial");
        double bestValue = ((Number) ((List<?>) best.get("values")).getFirst()).doubleValue();
        try (BoardServer board = BoardServer.start(studies, InetAddress.getLoopbackAddress(), 0)) {
            chrome.open(board.url());
            chrome.waitFor("document.querySelectorAll('#studies-table tbody tr').length === 1 "
                    + "&& document.querySelectorAll('#runs-table tbody tr').length === 1", 20);
            String row = "#studies-table tr[data-study=\"wine-study\"]";
            String bestCell = (String) chrome.eval("document.querySelector('" + row + " .best-value').textContent");
            assertEquals(String.format(Locale.ROOT, "%.4f (trial %s)", bestValue, best.get("number")), bestCell);
            assertEquals("3 (3 complete)", chrome.eval("document.querySelector('" + row + " .trial-count').textContent"));
            String accuracy = (String) chrome.eval("document.querySelector('" + row + " .best-acc').textContent");
            double recorded = ((Number) ((Map<?, ?>) best.get("user_attrs")).get("validation_accuracy")).doubleValue();
            assertEquals(String.format(Locale.ROOT, "%.2f%%", 100 * recorded), accuracy);
            String params = (String) chrome.eval("document.querySelector('" + row + " .best-params').textContent");
            assertTrue(params.startsWith("lr="), params);
            assertEquals("/files/wine-study/study.html", chrome.eval("document.querySelector('" + row + " a.study-report').getAttribute('href')"));
            assertEquals("/files/wine-study/trials.csv", chrome.eval("document.querySelector('" + row + " a.trials-csv').getAttribute('href')"));
            // the link opens the study's report, served by the board
            chrome.eval("document.querySelector('" + row + " a.study-report').click()");
            chrome.waitFor("location.pathname === '/files/wine-study/study.html' "
                    + "&& document.body && document.body.innerHTML.indexOf('Optimisation history') >= 0", 20);
            // back on the board, the best run retrained by kiln tune is one click away
            chrome.open(board.url());
            chrome.waitFor("!!document.querySelector('#studies-table button.show-run')", 20);
            chrome.eval("document.querySelector('#studies-table button.show-run').click()");
            chrome.waitFor("!!document.querySelector('#details h2') && document.querySelector('#details h2').textContent === 'Run wine-study/best'", 20);
        }
    }
}
