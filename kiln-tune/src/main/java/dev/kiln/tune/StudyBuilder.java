package dev.kiln.tune;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds a {@link Study}: directions (default one, MINIMIZE), sampler (default TPE, seed 0),
 * pruner (default none), storage (default in memory) and name (default a random one).
 *
 * <pre>{@code
 * Study s = Study.builder().directions(MINIMIZE, MAXIMIZE).sampler(Samplers.nsga2(0)).create();
 * Study p = Study.builder().storage(Storages.jdbc("jdbc:sqlite:study.db")).name("wine").createOrLoad();
 * }</pre>
 */
public final class StudyBuilder {
    private List<StudyDirection> directions = List.of(StudyDirection.MINIMIZE);
    private Sampler sampler;
    private Pruner pruner = Pruners.none();
    private Storage storage;
    private String name;

    StudyBuilder() {
    }

    /** The directions, one per objective. */
    public StudyBuilder directions(StudyDirection... directions) {
        if (directions.length == 0) {
            throw new IllegalArgumentException("study: needs at least one direction");
        }
        this.directions = List.of(directions);
        return this;
    }

    /** The directions, one per objective. */
    public StudyBuilder directions(List<StudyDirection> directions) {
        return directions(directions.toArray(StudyDirection[]::new));
    }

    /** The sampler. */
    public StudyBuilder sampler(Sampler sampler) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        return this;
    }

    /** The pruner. */
    public StudyBuilder pruner(Pruner pruner) {
        this.pruner = Objects.requireNonNull(pruner, "pruner");
        return this;
    }

    /** The storage. */
    public StudyBuilder storage(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        return this;
    }

    /** The study's name in its storage. */
    public StudyBuilder name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("study: the name must not be blank");
        }
        this.name = name;
        return this;
    }

    private Storage storageOrDefault() {
        if (storage == null) {
            storage = Storages.inMemory();
        }
        return storage;
    }

    private Sampler samplerOrDefault() {
        return sampler != null ? sampler : Samplers.defaultSampler(directions.size());
    }

    /** Creates a new study; fails when the storage already has one with this name. */
    public Study create() {
        Storage s = storageOrDefault();
        String n = name != null ? name : "study-" + UUID.randomUUID();
        long id = s.createStudy(n, directions);
        return new Study(s, id, n, directions, samplerOrDefault(), pruner);
    }

    /**
     * Opens the existing study with this name; trials left RUNNING by a process that died are marked
     * FAIL first. The directions are the stored ones.
     */
    public Study load() {
        if (name == null) {
            throw new IllegalArgumentException("study: load needs a name");
        }
        Storage s = storageOrDefault();
        long id = s.findStudy(name).orElseThrow(() -> new IllegalArgumentException(
                "study: no study named '" + name + "' in the storage (it has " + s.studyNames() + ")"));
        List<StudyDirection> stored = s.directions(id);
        s.failStaleTrials(id);
        Sampler smp = sampler != null ? sampler : Samplers.defaultSampler(stored.size());
        return new Study(s, id, name, stored, smp, pruner);
    }

    /** {@link #load()} when the study exists, else {@link #create()}. */
    public Study createOrLoad() {
        Storage s = storageOrDefault();
        if (name != null && s.findStudy(name).isPresent()) {
            Study st = load();
            if (!st.directions().equals(directions)) {
                throw new IllegalArgumentException("study '" + name + "': stored directions " + st.directions()
                        + " differ from the requested " + directions);
            }
            return st;
        }
        return create();
    }
}
