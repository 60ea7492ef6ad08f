package dev.kiln.train;

import dev.kiln.io.Json;
import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.OptimizerStateDict;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores everything a run needs to continue bit-identically: the model's state dict,
 * the optimiser state, the schedule's state, the epoch and step counters and the generators'
 * states (data shuffling, dropout).
 */
public final class TrainingState {
    private TrainingState() {
    }

    /**
     * Writes a checkpoint of the trainer's current state into {@code dir}.
     *
     * @param dir the checkpoint folder
     * @param trainer the trainer whose model, optimiser, schedule, epoch and step are saved
     * @param generators the random generators whose states a resume needs
     * @param extra further scalars to keep (best metric …)
     * @throws IOException if the checkpoint cannot be written (a previous one stays intact)
     */
    public static void save(Path dir, Trainer trainer, List<Generator> generators, Map<String, Object> extra) throws IOException {
        OptimizerStateDict opt = trainer.optimizer().stateDict();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epoch", trainer.epoch());
        state.put("step", trainer.globalStep());
        state.put("optimizer", opt.json());
        if (trainer.scheduler() != null) {
            state.put("scheduler", trainer.scheduler().stateDict());
        }
        List<Object> rng = new ArrayList<>();
        for (Generator g : generators) {
            rng.add(toStrings(g.state()));
        }
        state.put("rng", rng);
        state.putAll(extra);
        new Checkpoint(trainer.model().stateDict(), opt.tensors(), state).save(dir);
    }

    /**
     * Restores a checkpoint into a freshly built model, optimiser, schedule and generators (built
     * exactly as for the original run), and returns the saved scalar state (epoch, step …).
     *
     * @param dir the checkpoint folder
     * @param model the model, built as for the original run
     * @param optimizer its optimiser, built as for the original run
     * @param scheduler its schedule, or null
     * @param generators the generators, in the order they were saved
     * @return the saved scalars (epoch, step, extras)
     * @throws IOException naming the file that is missing, corrupt or does not fit
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> restore(Path dir, Module model, Optimizer<?> optimizer, LRScheduler scheduler,
            List<Generator> generators) throws IOException {
        Checkpoint c = Checkpoint.load(dir);
        try {
            model.loadStateDict(c.model(), true);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(Checkpoint.MODEL_FILE) + ": does not match the model: " + e.getMessage(), e);
        }
        Path statePath = Checkpoint.resolve(dir).resolve(Checkpoint.STATE_FILE);
        for (String counter : List.of("epoch", "step")) {
            if (!(c.state().get(counter) instanceof Long v) || v < 0) {
                throw new IOException(statePath + ": corrupt: '" + counter + "' must be a non-negative integer, got "
                        + Json.write(c.state().get(counter)));
            }
        }
        Object optJson = c.state().get("optimizer");
        if (!(optJson instanceof Map)) {
            throw new IOException(statePath + ": key 'optimizer' is missing");
        }
        try {
            optimizer.loadStateDict(new OptimizerStateDict(c.optimizer(), (Map<String, Object>) optJson));
        } catch (RuntimeException e) {
            throw new IOException(dir.resolve(Checkpoint.OPTIMIZER_FILE) + ": does not match the optimizer: " + describe(e), e);
        }
        try {
            if (scheduler != null && c.state().get("scheduler") instanceof Map<?, ?> s) {
                scheduler.loadStateDict((Map<String, Object>) s);
            }
            if (c.state().get("rng") instanceof List<?> rng) {
                for (int i = 0; i < Math.min(rng.size(), generators.size()); i++) {
                    generators.get(i).setState(fromStrings((List<?>) rng.get(i)));
                }
            }
        } catch (RuntimeException e) {
            // a state.json that parses but holds values of the wrong type or range
            throw new IOException(statePath + ": corrupt scheduler or random-generator state: " + describe(e), e);
        }
        return c.state();
    }

    private static String describe(RuntimeException e) {
        return e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage() : "a value of the wrong type or range";
    }

    private static List<String> toStrings(long[] words) {
        List<String> out = new ArrayList<>();
        for (long w : words) {
            out.add(Long.toString(w));
        }
        return out;
    }

    private static long[] fromStrings(List<?> words) {
        long[] out = new long[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseLong(String.valueOf(words.get(i)));
        }
        return out;
    }
}
