/**
 * The chain store: the only place JDBC is used. One SQLite file (default {@code ~/.mem-escalate/chains.db}) records
 * every chain, round, Slurm job, task attempt, final task outcome and event, and is written concurrently by the
 * submit command and by handler jobs on compute nodes.
 *
 * <p>Use: {@code try (ChainStore store = ChainStore.open(path)) { store.write(tx -> tx.chains().insert(...)); }}:
 * a {@link dev.memescalate.store.StoreTransaction} hands out one object per table ({@code chains()},
 * {@code rounds()}, {@code jobs()}, {@code attempts()}, {@code outcomes()}, {@code events()}), all sharing its
 * connection ({@code Sql}). Each
 * {@link dev.memescalate.store.ChainStore#write} is one {@code BEGIN IMMEDIATE} transaction: all of it is kept or
 * none of it. Its function may be run again after a lock conflict, so it must not run sbatch or touch files.
 *
 * <p>Schema (version 7, in {@code PRAGMA user_version}; see {@code Schema}):
 * <ul>
 *   <li>{@code chains(id PK, created_at, status, ended_at, script_path, script_snapshot_path, args_json,
 *       exports_json, array_spec, throttle, job_name, output_pattern, error_pattern, config_yaml,
 *       config_source_path, start_level, max_level, work_dir, chain_dir, submit_host, user_name)}</li>
 *   <li>{@code rounds(chain_id, number) PK: level, indices, parent_round, kind, status, created_at, submitted_at,
 *       decided_at, closed_at, exclude_nodes_json, time_level}</li>
 *   <li>{@code jobs(chain_id, round, role, part) PK: job_name, argv_json, indices, array_spec, status, slurm_job_id,
 *       claim_owner, claimed_at, intended_at, submitted_at, last_error}; index on slurm_job_id</li>
 *   <li>{@code attempt_blocks(chain_id, round, first_index, last_index, task_count, same_level_retries, data)}:
 *       a task's attempt per round it ran in, in blocks of up to 4096 consecutive attempts of one round (the data
 *       column: {@code AttemptBlockCodec}); index on (chain_id, round, first_index)</li>
 *   <li>{@code outcome_blocks(chain_id, round, first_index, last_index, task_count, completed, failed, exhausted,
 *       cancelled, data)}: final outcomes (one per task, ever), in blocks of the outcomes one round settled (the data
 *       column: {@code OutcomeBlockCodec}); index on (chain_id, first_index)</li>
 *   <li>{@code events(id AUTOINCREMENT PK, chain_id, at, round, kind, message)}; index on (chain_id, id)</li>
 *   <li>{@code learned_starts(chain_id, level, source_chain_id, matched_by, capped, indices)}</li>
 *   <li>{@code chain_limits(chain_id PK, limits_json)}: the cluster's limits as submit read them</li>
 *   <li>{@code attempt_runs(chain_id, task_index, round, run) PK: state, raw_state, exit_code, signal,
 *       elapsed_seconds, node, started_at, ended_at}: earlier runs of requeued tasks, 1 = the first</li>
 * </ul>
 * Foreign keys are enforced (rounds, jobs, attempt and outcome blocks need their chain and round). Enums are stored by
 * name; timestamps as fixed-width ISO-8601 UTC text with nanoseconds; string lists as ASCII-only JSON; index sets as
 * run-length text ({@code 0-99,105,200-300}).
 */
package dev.memescalate.store;
