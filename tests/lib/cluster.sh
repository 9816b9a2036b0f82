# Shared by the benchmark scripts that run on a real Slurm cluster (tests/cluster-overhead-benchmark,
# tests/cluster-chain-benchmark). Source it from the repository root.

# The cluster SLURM_CONF points at, else the project's local one (docker/local-cluster up: root on Debian/Ubuntu).
use_cluster() {
  if ! scontrol ping >/dev/null 2>&1; then
    echo "no Slurm cluster answers; starting the local one (docker/local-cluster up)"
    docker/local-cluster up
    eval "$(docker/local-cluster env)"
  fi
}

# The release jar, built when missing or older than the sources.
build_jar() {
  local jar=escalate-cli/target/mem-escalate.jar
  if [[ ! -f $jar ]] || [[ -n $(find escalate-*/src pom.xml escalate-*/pom.xml -newer "$jar" -print -quit) ]]; then
    echo "building $jar"
    mvn -q -B -o -DskipTests package
  fi
}

# Seconds since the epoch of a time sacct or mem-escalate printed (2026-11-30T19:41:52, or with an offset).
epoch() {
  date -d "$1" +%s
}

# Waits until none of the given job ids is in the queue any more.
wait_for_jobs() {
  while [[ -n $(squeue -h -j "$1" -o %i 2>/dev/null) ]]; do
    sleep 2
  done
}

# The latest End of the tasks of the array jobs given (comma separated), as epoch seconds. sacct shows an ended
# task's End within a second; asked until every task of the arrays has one.
last_end() {
  local jobs=$1 tasks=$2 ends
  for _ in $(seq 30); do
    ends=$(SLURM_TIME_FORMAT=standard sacct -n -X -P -j "$jobs" -o End --duplicates 2>/dev/null | grep -v -e Unknown -e None || true)
    if (( $(grep -c . <<<"$ends") >= tasks )); then
      epoch "$(sort <<<"$ends" | tail -1)"
      return
    fi
    sleep 1
  done
  echo "sacct did not show an End for all $tasks task(s) of $jobs" >&2
  return 1
}

# The median of the numbers given one per line.
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
