package dev.memescalate.store;

import static dev.memescalate.store.Sql.instantOrNull;
import static dev.memescalate.store.Sql.optionalInstant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code jobs} table: every Slurm job of a chain, recorded as an intent before sbatch runs and claimed by one
 * submitter at a time, so that a crash between sbatch and the record can be detected and nothing is submitted twice.
 */
public final class JobTable {
    private final Sql sql;

    JobTable(Sql sql) {
        this.sql = sql;
    }

    public void insert(JobRecord j) {
        JobKey k = j.key();
        sql.update("""
                INSERT INTO jobs (chain_id, round, role, part, job_name, argv_json, indices, array_spec, status,
                    slurm_job_id, claim_owner, claimed_at, intended_at, submitted_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                k.chainId(), k.round(), k.role().name(), k.part(), j.jobName(), Columns.stringList(j.argv()),
                j.indices().map(IndexSetCodec::encode).orElse(null), j.arraySpec().orElse(null), j.status().name(),
                j.slurmJobId().orElse(null), j.claimOwner().orElse(null), instantOrNull(j.claimedAt()),
                Columns.instant(j.intendedAt()), instantOrNull(j.submittedAt()), j.lastError().orElse(null));
    }

    public Optional<JobRecord> find(JobKey key) {
        return sql.first("SELECT * FROM jobs WHERE chain_id = ? AND round = ? AND role = ? AND part = ?",
                JobTable::row, key.chainId(), key.round(), key.role().name(), key.part());
    }

    /** The job sbatch gave this id (an array part's id is the array's job id, without {@code _index}). */
    public Optional<JobRecord> bySlurmJobId(String slurmJobId) {
        return sql.first("SELECT * FROM jobs WHERE slurm_job_id = ?", JobTable::row, slurmJobId);
    }

    /** A chain's jobs by round, role, part. */
    public List<JobRecord> forChain(String chainId) {
        return sql.query("SELECT * FROM jobs WHERE chain_id = ? ORDER BY round, role, part", JobTable::row,
                chainId);
    }

    /** A round's jobs by role, part. */
    public List<JobRecord> forRound(String chainId, int round) {
        return sql.query("SELECT * FROM jobs WHERE chain_id = ? AND round = ? ORDER BY role, part", JobTable::row,
                chainId, round);
    }

    /** How many of the chain's jobs are in each status, {@code CANCELLED=2,SUBMITTED=5}: it changes with any of them. */
    public String statusToken(String chainId) {
        return String.join(",", sql.query(
                "SELECT status, COUNT(*) FROM jobs WHERE chain_id = ? GROUP BY status ORDER BY status",
                rs -> rs.getString(1) + "=" + rs.getInt(2), chainId));
    }

    /**
     * Claims a job for submission (compare-and-set): INTENDED becomes SUBMITTING owned by {@code owner}; a job
     * already SUBMITTING whose claim is older than {@code staleAfter} (its submitter presumably died between the claim
     * and recording the result) is taken over the same way.
     *
     * @return true if the caller now owns the claim and should run sbatch; false if the job is claimed by someone
     *     else recently, or already submitted, failed or cancelled
     */
    public boolean claim(JobKey key, String owner, Instant now, Duration staleAfter) {
        Instant staleBefore = now.minus(staleAfter);
        int changed = sql.update("""
                UPDATE jobs SET status = 'SUBMITTING', claim_owner = ?, claimed_at = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND (status = 'INTENDED' OR (status = 'SUBMITTING' AND claimed_at < ?))
                """,
                owner, Columns.instant(now), key.chainId(), key.round(), key.role().name(), key.part(),
                Columns.instant(staleBefore));
        return changed == 1;
    }

    /**
     * Takes over a SUBMITTING claim whose holder {@code gone} is known to have ended (its Slurm job ended, or its
     * process is no more), without waiting for the claim to go stale.
     *
     * @return false if the job is no longer SUBMITTING under {@code gone}'s claim (it settled, or another took it)
     */
    public boolean takeOver(JobKey key, String owner, String gone, Instant now) {
        int changed = sql.update("""
                UPDATE jobs SET claim_owner = ?, claimed_at = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                owner, Columns.instant(now), key.chainId(), key.round(), key.role().name(), key.part(), gone);
        return changed == 1;
    }

    /**
     * Records sbatch's job id for a job {@code owner} claimed, and the argv sbatch was actually given (it differs
     * from the intent by the dependency on job ids known only at submission).
     *
     * @return false if {@code owner} no longer holds the claim (it was taken over as stale, or the chain was
     *     cancelled meanwhile): the caller should cancel its own Slurm job
     */
    public boolean markSubmitted(JobKey key, String owner, String slurmJobId, List<String> submittedArgv,
            Instant at) {
        int changed = sql.update("""
                UPDATE jobs SET status = 'SUBMITTED', slurm_job_id = ?, submitted_at = ?, argv_json = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                slurmJobId, Columns.instant(at), Columns.stringList(submittedArgv), key.chainId(), key.round(),
                key.role().name(), key.part(), owner);
        return changed == 1;
    }

    /**
     * Gives a claim back: the job is INTENDED again, for a later submitter (sbatch failed for a while, not for good).
     *
     * @return false if {@code owner} no longer holds the claim
     */
    public boolean releaseClaim(JobKey key, String owner) {
        int changed = sql.update("""
                UPDATE jobs SET status = 'INTENDED', claim_owner = NULL, claimed_at = NULL, last_error = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                "released by " + owner, key.chainId(), key.round(), key.role().name(), key.part(), owner);
        return changed == 1;
    }

    /**
     * Records that sbatch failed for good for a job {@code owner} claimed.
     *
     * @return false if {@code owner} no longer holds the claim
     */
    public boolean markFailed(JobKey key, String owner, String error) {
        int changed = sql.update("""
                UPDATE jobs SET status = 'SUBMIT_FAILED', last_error = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                error, key.chainId(), key.round(), key.role().name(), key.part(), owner);
        return changed == 1;
    }

    /** Marks a job CANCELLED, whatever its status. */
    public void markCancelled(JobKey key) {
        int changed = sql.update("""
                UPDATE jobs SET status = 'CANCELLED'
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                """,
                key.chainId(), key.round(), key.role().name(), key.part());
        Sql.requireFound(changed, "job " + key);
    }

    private static JobRecord row(ResultSet rs) throws SQLException {
        return new JobRecord(
                new JobKey(rs.getString("chain_id"), rs.getInt("round"), JobRole.valueOf(rs.getString("role")),
                        rs.getInt("part")),
                rs.getString("job_name"),
                Columns.stringList(rs.getString("argv_json")),
                Optional.ofNullable(rs.getString("indices")).map(IndexSetCodec::decode),
                Optional.ofNullable(rs.getString("array_spec")),
                JobStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("slurm_job_id")),
                Optional.ofNullable(rs.getString("claim_owner")),
                optionalInstant(rs, "claimed_at"),
                Columns.instant(rs.getString("intended_at")),
                optionalInstant(rs, "submitted_at"),
                Optional.ofNullable(rs.getString("last_error")));
    }
}
