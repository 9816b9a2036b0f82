#!/bin/bash
# A job script whose behaviour per array task index comes from a small table, for end-to-end tests and the demo.
#
#   scenario.sh TABLE [ARGS...]
#
# TABLE has one row per index (or `*` for every other index), whitespace separated, `#` starts a comment:
#
#   index  mem_mb  sleep_s  exit_code  ok_from_level  done_from_round
#
#   mem_mb          memory the task touches, at every level (so it is OOM-killed where the level's --mem is lower)
#   sleep_s         seconds it sleeps below ok_from_level (a TIMEOUT where the level's --time is shorter)
#   exit_code       its exit code below ok_from_level
#   ok_from_level   from this level on (MEM_ESCALATE_LEVEL) it sleeps 1 s and exits 0; `never` = at no level
#   done_from_round from this round on (MEM_ESCALATE_ROUND) it writes DONE_DIR/<index>.DONE when it succeeds
#                   (default 1); `never` = it never writes it. Tests the done_file rule: a task that exits 0
#                   without its done file is retried at the same level.
#
# SCENARIO_OK_SLEEP (default 1) is how many seconds a task sleeps where it succeeds (0 for load tests).
#
# When RECORD_DIR is set, every attempt writes RECORD_DIR/r<round>-<index>.args (its arguments, NUL separated)
# and RECORD_DIR/r<round>-<index>.env (the values of the variables named in RECORD_VARS, NUL separated), so tests
# can compare them byte for byte with what was submitted.
set -u

table=$1
shift
index=${SLURM_ARRAY_TASK_ID:?scenario.sh must run as a Slurm array task}
level=${MEM_ESCALATE_LEVEL:-0}
round=${MEM_ESCALATE_ROUND:-1}

row=$(awk -v i="$index" '!/^[[:space:]]*(#|$)/ && $1 == i { print; found = 1; exit }
                         END { if (!found) exit 1 }' "$table") \
  || row=$(awk '!/^[[:space:]]*(#|$)/ && $1 == "*" { print; exit }' "$table")
read -r _ mem_mb sleep_s exit_code ok_from_level done_from_round <<<"${row:-* 0 0 0 0 1}"
done_from_round=${done_from_round:-1}

if [[ -n ${RECORD_DIR:-} ]]; then
  mkdir -p "$RECORD_DIR"
  if (($# > 0)); then printf '%s\0' "$@"; fi >"$RECORD_DIR/r$round-$index.args"
  for var in ${RECORD_VARS:-}; do printf '%s\0' "${!var-<unset>}"; done >"$RECORD_DIR/r$round-$index.env"
fi
echo "task $index: level $level round $round on ${HOSTNAME:-?} (job ${SLURM_JOB_ID:-?}): mem ${mem_mb}M sleep ${sleep_s}s exit $exit_code ok from level $ok_from_level"

if ((mem_mb > 0)); then
  # tail -n 1 holds the whole newline-free stream in memory: mem_mb MB in the job's cgroup, so a lower --mem ends
  # OUT_OF_MEMORY. (About 1 s per 300 MB; a bash variable filled by tr takes six times as long.)
  head -c "${mem_mb}M" /dev/zero | tail -n 1 >/dev/null
  echo "touched ${mem_mb} MB"
fi

reached() { [[ $2 != never ]] && (($1 >= $2)); }

if reached "$level" "$ok_from_level"; then
  sleep "${SCENARIO_OK_SLEEP:-1}"
  if reached "$round" "$done_from_round" && [[ -n ${DONE_DIR:-} ]]; then
    mkdir -p "$DONE_DIR" && touch "$DONE_DIR/$index.DONE"
  fi
  exit 0
fi
sleep "$sleep_s"
exit "$exit_code"
