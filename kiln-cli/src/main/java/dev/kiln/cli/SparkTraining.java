package dev.kiln.cli;

import dev.kiln.spark.SparkStudy;
import dev.kiln.spark.SparkTrainer;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.Study;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code kiln train --spark MASTER} and {@code kiln tune --spark MASTER}. Train: data-parallel training of the run configured in
 * {@code runDir/run.json}, one replica per task slot of the master (its default parallelism:
 * N for {@code local[N]}), each with the configured batch size, so the global batch is N times
 * it. The replicas checkpoint into {@code runDir/last}, which {@code kiln train} then evaluates
 * as usual. Call {@link SparkLauncher#requireSpark} first: this class needs Spark to load.
 */
final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Trains on Spark until the configured number of epochs; {@code resume} continues from
     * {@code runDir/last}; {@code syncBatchNorm} normalises BatchNorm layers over the global batch.
     */
    static void fit(String master, Path runDir, RunConfig config, boolean resume, boolean syncBatchNorm) {
        try (JavaSparkContext sc = start(master, "kiln train")) {
            int replicas = sc.defaultParallelism();
            System.out.printf("kiln train: data-parallel on Spark %s: %d replicas x batch %d = global batch %d%n", sc.master(), replicas,
                    config.batchSize(), replicas * config.batchSize());
            SparkTrainer.Result r = SparkTrainer.builder(new SparkTrainJob(runDir.toAbsolutePath().toString(), !resume), runDir)
                    .workers(replicas).epochs(config.epochs()).resume(resume).syncBatchNorm(syncBatchNorm).progress(true).log(System.out).build().fit(sc);
            if (r.restarts() > 0) {
                System.out.println("kiln train: finished after " + r.restarts() + " restart(s) from the last checkpoint");
            }
        }
    }

    /** {@code kiln tune --spark}: {@code trials} trials of {@code study}, each a Spark job, {@code parallel} at once. */
    static void tune(String master, Study study, Map<String, Distribution> space, SparkTuneObjective objective, int trials, int parallel)
            throws InterruptedException {
        try (JavaSparkContext sc = start(master, "kiln tune")) {
            System.out.printf("kiln tune: trials run as Spark jobs on %s, %d at once%n", sc.master(), parallel);
            SparkStudy.optimize(study, sc, space, objective, trials, parallel);
        }
    }

    /**
     * A Spark context on {@code master} ({@code local[4]}, {@code spark://host:7077}, {@code yarn} …);
     * under spark-submit, the master it was given wins. The web UI and speculative execution stay
     * off unless configured; Spark logs warnings and errors only (-Dkiln.spark.log=INFO for more).
     */
    static JavaSparkContext start(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName).setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.speculation", "false");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel(System.getProperty("kiln.spark.log", "WARN").toUpperCase(Locale.ROOT));
        return sc;
    }
}
