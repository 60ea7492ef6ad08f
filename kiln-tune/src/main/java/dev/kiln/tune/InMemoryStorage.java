package dev.kiln.tune;

import dev.kiln.io.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Studies kept in this process's memory; every method is synchronised. */
final class InMemoryStorage implements Storage {

    private static final class MutableTrial {
        final int number;
        TrialState state;
        final Map<String, Object> params = new LinkedHashMap<>();
        final Map<String, Distribution> distributions = new LinkedHashMap<>();
        List<Double> values = List.of();
        final TreeMap<Integer, Double> intermediate = new TreeMap<>();
        List<Double> constraints = List.of();
        final Map<String, Object> userAttrs = new LinkedHashMap<>();
        final Map<String, Object> systemAttrs = new LinkedHashMap<>();
        Instant start;
        Instant complete;

        MutableTrial(int number, TrialState state) {
            this.number = number;
            this.state = state;
        }

        FrozenTrial freeze() {
            return new FrozenTrial(number, state, params, distributions, values, intermediate, constraints,
                    userAttrs, systemAttrs, start, complete);
        }
    }

    private record StudyData(String name, List<StudyDirection> directions, List<MutableTrial> trials, Map<String, Object> attrs) {
    }

    private final List<StudyData> studies = new ArrayList<>();

    @Override
    public synchronized long createStudy(String name, List<StudyDirection> directions) {
        if (findStudy(name).isPresent()) {
            throw new IllegalArgumentException("storage: a study named '" + name + "' already exists");
        }
        studies.add(new StudyData(name, List.copyOf(directions), new ArrayList<>(), new LinkedHashMap<>()));
        return studies.size() - 1;
    }

    @Override
    public synchronized Optional<Long> findStudy(String name) {
        for (int i = 0; i < studies.size(); i++) {
            if (studies.get(i).name.equals(name)) {
                return Optional.of((long) i);
            }
        }
        return Optional.empty();
    }

    private StudyData study(long id) {
        if (id < 0 || id >= studies.size()) {
            throw new IllegalArgumentException("storage: no study with id " + id);
        }
        return studies.get((int) id);
    }

    private MutableTrial mutable(long studyId, int number) {
        List<MutableTrial> trials = study(studyId).trials;
        if (number < 0 || number >= trials.size()) {
            throw new IllegalArgumentException("storage: no trial " + number + " in study " + study(studyId).name);
        }
        return trials.get(number);
    }

    private MutableTrial running(long studyId, int number) {
        MutableTrial t = mutable(studyId, number);
        if (t.state != TrialState.RUNNING) {
            throw new IllegalStateException("trial " + number + " is " + t.state + ", not RUNNING");
        }
        return t;
    }

    @Override
    public synchronized List<StudyDirection> directions(long studyId) {
        return study(studyId).directions;
    }

    @Override
    public synchronized List<String> studyNames() {
        return studies.stream().map(StudyData::name).toList();
    }

    @Override
    public synchronized FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> fixedParams) {
        if (state != TrialState.RUNNING && state != TrialState.WAITING) {
            throw new IllegalArgumentException("storage: a new trial is RUNNING or WAITING, not " + state);
        }
        List<MutableTrial> trials = study(studyId).trials;
        MutableTrial t = new MutableTrial(trials.size(), state);
        if (!fixedParams.isEmpty()) {
            t.systemAttrs.put(Trial.FIXED_PARAMS, jsonValue(Trial.FIXED_PARAMS, new LinkedHashMap<>(fixedParams)));
        }
        if (state == TrialState.RUNNING) {
            t.start = Instant.now();
        }
        trials.add(t);
        return t.freeze();
    }

    @Override
    public synchronized Optional<FrozenTrial> claimWaitingTrial(long studyId) {
        for (MutableTrial t : study(studyId).trials) {
            if (t.state == TrialState.WAITING) {
                t.state = TrialState.RUNNING;
                t.start = Instant.now();
                return Optional.of(t.freeze());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void setParam(long studyId, int number, String name, Distribution distribution, Object value) {
        MutableTrial t = running(studyId, number);
        t.params.put(name, value);
        t.distributions.put(name, distribution);
    }

    @Override
    public synchronized void setIntermediateValue(long studyId, int number, int step, double value) {
        running(studyId, number).intermediate.put(step, value);
    }

    @Override
    public synchronized void setStudyAttr(long studyId, String key, Object value) {
        study(studyId).attrs.put(key, jsonValue(key, value));
    }

    @Override
    public synchronized Map<String, Object> studyAttrs(long studyId) {
        return new LinkedHashMap<>(study(studyId).attrs);
    }

    @Override
    public synchronized void setUserAttr(long studyId, int number, String key, Object value) {
        mutable(studyId, number).userAttrs.put(key, jsonValue(key, value));
    }

    @Override
    public synchronized void setSystemAttr(long studyId, int number, String key, Object value) {
        mutable(studyId, number).systemAttrs.put(key, jsonValue(key, value));
    }

    /** The value as a persistent storage returns it (numbers as Long/Double, lists, maps), so both storages agree. */
    private static Object jsonValue(String key, Object value) {
        try {
            return Json.parse(Json.write(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute '" + key + "': " + e.getMessage()
                    + " (attributes are strings, numbers, booleans, lists and maps)", e);
        }
    }

    @Override
    public synchronized void setConstraints(long studyId, int number, List<Double> constraints) {
        mutable(studyId, number).constraints = List.copyOf(constraints);
    }

    @Override
    public synchronized void finishTrial(long studyId, int number, TrialState state, List<Double> values) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("storage: a trial finishes as COMPLETE, PRUNED or FAIL, not " + state);
        }
        MutableTrial t = running(studyId, number);
        t.state = state;
        t.values = List.copyOf(values);
        t.complete = Instant.now();
    }

    @Override
    public synchronized FrozenTrial trial(long studyId, int number) {
        return mutable(studyId, number).freeze();
    }

    @Override
    public synchronized List<FrozenTrial> trials(long studyId) {
        List<FrozenTrial> out = new ArrayList<>();
        for (MutableTrial t : study(studyId).trials) {
            out.add(t.freeze());
        }
        return out;
    }

    @Override
    public synchronized List<Integer> failStaleTrials(long studyId) {
        return List.of(); // every trial in memory belongs to this living process
    }
}
