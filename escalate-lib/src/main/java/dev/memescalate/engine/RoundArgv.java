package dev.memescalate.engine;

import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The exact sbatch argv of each job of a round, once the job ids it depends on are known. Pure: the submitter
 * calls it with the ids sbatch returned, {@code submit --dry-run} with placeholders, so the two never drift.
 *
 * <p>An array part whose throttle share waits for another part ({@link ThrottleShares}) gets
 * {@code --dependency=afterany:<that part>}; the handler runs {@code afterany} on every array of the round
 * ({@link SbatchArgs#handlerDependency}), its guard {@code afternotok} on the handler.
 */
public final class RoundArgv {
    private RoundArgv() {
    }

    /**
     * @param array an ARRAY job of the round, as planned
     * @param shares the round's throttle shares, by part
     * @param submittedParts the job ids of the parts submitted so far, by part
     */
    public static List<String> array(JobRecord array, List<ThrottleShares.Share> shares,
            Map<Integer, String> submittedParts) {
        requireRole(array, JobRole.ARRAY);
        OptionalInt waitsFor = shares.get(array.key().part()).waitsForPart();
        boolean waits = waitsFor.isPresent() && submittedParts.containsKey(waitsFor.getAsInt());
        return waits
                ? SbatchArgs.withDependency(array.argv(), "afterany:" + submittedParts.get(waitsFor.getAsInt()))
                : array.argv();
    }

    /**
     * @param handler a HANDLER job of the round, as planned
     * @param arrayJobIds the job ids of the round's submitted arrays: it runs once they have all ended
     */
    public static List<String> handler(JobRecord handler, List<String> arrayJobIds) {
        requireRole(handler, JobRole.HANDLER);
        return SbatchArgs.withDependency(handler.argv(), SbatchArgs.handlerDependency(arrayJobIds));
    }

    /**
     * @param guard a GUARD job of the round, as planned
     * @param guardedJobId the job it guards: it runs only when that one ends in a failed state
     */
    public static List<String> guard(JobRecord guard, String guardedJobId) {
        requireRole(guard, JobRole.GUARD);
        return SbatchArgs.withDependency(guard.argv(), SbatchArgs.guardDependency(guardedJobId));
    }

    private static void requireRole(JobRecord job, JobRole role) {
        if (job.key().role() != role) {
            throw new IllegalArgumentException("job " + job.jobName() + " is a " + job.key().role() + ", not a "
                    + role);
        }
    }
}
