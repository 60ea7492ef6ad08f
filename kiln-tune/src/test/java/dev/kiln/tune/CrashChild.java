package dev.kiln.tune;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process for the storage tests: {@code CrashChild DB STUDY hang MARKER} runs trials and,
 * in trial 3, writes MARKER and blocks until killed; {@code CrashChild DB STUDY run N} runs N trials.
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Storage storage = Storages.sqlite(Path.of(args[0]));
        Study study = Study.builder().storage(storage).name(args[1]).sampler(Samplers.random(ProcessHandle.current().pid()))
                .createOrLoad();
        if (args[2].equals("hang")) {
            Path marker = Path.of(args[3]);
            study.optimize(t -> {
                double x = t.suggestFloat("x", -1, 1);
                t.report(0, x * x);
                if (t.number() == 3) {
                    Files.writeString(marker, "trial 3 running");
                    Thread.sleep(Long.MAX_VALUE);
                }
                return x * x;
            }, 10);
        } else {
            study.optimize(t -> {
                double x = t.suggestFloat("x", -1, 1);
                t.setUserAttr("pid", ProcessHandle.current().pid());
                return x * x;
            }, Integer.parseInt(args[3]));
        }
        storage.close();
    }
}
