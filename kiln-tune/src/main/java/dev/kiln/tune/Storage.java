package dev.kiln.tune;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where studies and their trials live (Optuna's BaseStorage). {@link Storages#inMemory()} keeps them
 * in this process; {@link Storages#jdbc(String)} in a database that survives a crash and may be shared
 * by several processes at once.
 *
 * <p>Every method is atomic and safe to call from several threads. Trial numbers are given by the
 * storage, from 0 per study, with no gaps and no repeats even when processes race.
 */
public interface Storage extends AutoCloseable {

    /** Creates a study; fails when the name is taken. Returns its id. */
    long createStudy(String name, List<StudyDirection> directions);

    /** The id of the study with this name, if there is one. */
    Optional<Long> findStudy(String name);

    /** The directions the study was created with. */
    List<StudyDirection> directions(long studyId);

    /** The names of every study in the storage. */
    List<String> studyNames();

    /**
     * Records an attribute of the study itself (Optuna's study user attributes), e.g. the options a
     * study was started with, so that a resumed run can reuse them. A value: a string, number,
     * boolean, list or map of those; a repeated key is overwritten.
     */
    void setStudyAttr(long studyId, String key, Object value);

    /** The study's attributes, by key (numbers as Long/Double, lists, maps: as JSON reads them back). */
    Map<String, Object> studyAttrs(long studyId);

    /**
     * Adds a trial with the next number: RUNNING (started now, owned by this process) or WAITING
     * (enqueued; {@code fixedParams} are the parameters it must use).
     */
    FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> fixedParams);

    /** Atomically takes the oldest WAITING trial and makes it RUNNING for this process, if there is one. */
    Optional<FrozenTrial> claimWaitingTrial(long studyId);

    /** Records a suggested parameter of a RUNNING trial. */
    void setParam(long studyId, int number, String name, Distribution distribution, Object value);

    /** Records an intermediate value of a RUNNING trial (a repeated step is overwritten). */
    void setIntermediateValue(long studyId, int number, int step, double value);

    /** Records a user attribute (a string, number, boolean, list or map of those). */
    void setUserAttr(long studyId, int number, String key, Object value);

    /** Records a library attribute. */
    void setSystemAttr(long studyId, int number, String key, Object value);

    /** Records the constraint values of a trial (≤ 0 = satisfied). */
    void setConstraints(long studyId, int number, List<Double> constraints);

    /**
     * Finishes a RUNNING trial as COMPLETE, PRUNED or FAIL with its values; fails if the trial is not
     * RUNNING any more (e.g. it was declared dead by another process).
     */
    void finishTrial(long studyId, int number, TrialState state, List<Double> values);

    /** A snapshot of one trial. */
    FrozenTrial trial(long studyId, int number);

    /** Snapshots of every trial of the study, by number. */
    List<FrozenTrial> trials(long studyId);

    /**
     * Marks FAIL every RUNNING trial whose process is known to be dead (same machine, process gone),
     * so that a resumed study neither loses nor counts it twice. Returns the trials so marked.
     */
    List<Integer> failStaleTrials(long studyId);

    /** Releases the storage's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
