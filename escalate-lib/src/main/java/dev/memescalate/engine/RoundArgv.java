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
 * {@code --dependency=afterany:<that part>}; a handler or finalizer gets its dependency on the round's arrays
 * ({@link SbatchArgs#handlerDependency}).
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
     * @param handler the round's HANDLER or FINALIZER job, as planned
     * @param splitRound whether the round was planned as several arrays (fixed by the plan, not by how many of its
     *     arrays sbatch accepted)
     * @param arrayJobIds the job ids of the round's submitted arrays
     */
    public static List<String> handler(JobRecord handler, boolean splitRound, List<String> arrayJobIds) {
        SbatchArgs.HandlerRole role = switch (handler.key().role()) {
            case HANDLER -> SbatchArgs.HandlerRole.HANDLER;
            case FINALIZER -> SbatchArgs.HandlerRole.FINALIZER;
            case ARRAY -> throw new IllegalArgumentException("job " + handler.jobName() + " is an array, not a handler");
        };
        return SbatchArgs.withDependency(handler.argv(),
                SbatchArgs.handlerDependency(role, splitRound, arrayJobIds));
    }

    private static void requireRole(JobRecord job, JobRole role) {
        if (job.key().role() != role) {
            throw new IllegalArgumentException("job " + job.jobName() + " is a " + job.key().role() + ", not a "
                    + role);
        }
    }
}
