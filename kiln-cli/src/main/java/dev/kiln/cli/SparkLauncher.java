package dev.kiln.cli;

/**
 * The check before {@code --spark} touches Spark. Spark is not a dependency of the command line,
 * and this class refers to none of its types, so that without Spark {@code --spark} fails with one
 * sentence on how to add it and every other command runs as before.
 */
final class SparkLauncher {
    static final String HOW_TO_ADD = "--spark needs Apache Spark 4.2 on the class path: set SPARK_HOME to a Spark 4.2 installation"
            + " (the kiln launcher then adds $SPARK_HOME/jars), or submit the Kiln jars with spark-submit --class dev.kiln.cli.Main";

    private SparkLauncher() {
    }

    /** Throws the one-sentence explanation when Spark is not on the class path. */
    static void requireSpark() {
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, SparkLauncher.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(HOW_TO_ADD);
        }
    }
}
