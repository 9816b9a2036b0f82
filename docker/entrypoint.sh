#!/usr/bin/env bash
# Entrypoint of docker/Dockerfile: the same docker/local-cluster as on a plain Debian machine.
#
#   (no arguments)   start the cluster, then follow its logs until the container is stopped
#   COMMAND [ARG...] start the cluster, run COMMAND with SLURM_CONF set, stop the cluster, exit with its status
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CLUSTER="$HERE/local-cluster"

# On a cgroup v2 host the container's cgroup namespace root holds this process, and cgroup v2 forbids
# enabling controllers for children of a cgroup that has processes ("no internal processes"). Move every
# process into a leaf cgroup first, then delegate the cpuset, cpu, memory and pids controllers (the usual
# docker-in-docker step). A cgroup v1 host needs nothing.
prepare_cgroup_v2() {
  local root=/sys/fs/cgroup
  [[ -d "$root/memory" || ! -f "$root/cgroup.controllers" ]] && return 0
  mkdir -p "$root/init"
  local pid
  while read -r pid; do
    echo "$pid" >"$root/init/cgroup.procs" 2>/dev/null || true
  done <"$root/cgroup.procs"
  local controller
  for controller in cpuset cpu memory pids; do
    if grep -qw "$controller" "$root/cgroup.controllers"; then
      echo "+$controller" 2>/dev/null >"$root/cgroup.subtree_control" \
        || echo "entrypoint: could not delegate the $controller controller; --mem may not be enforced" >&2
    fi
  done
}

LOG_FOLLOWER_PID=""

stop_cluster() {
  [[ -n "$LOG_FOLLOWER_PID" ]] && kill "$LOG_FOLLOWER_PID" 2>/dev/null
  "$CLUSTER" down || true
}

main() {
  # Traps first, so a `docker stop` during start-up also ends in a clean 'down'. bash runs a TERM trap once
  # the foreground command it is waiting for has finished.
  trap stop_cluster EXIT
  trap 'exit 0' TERM
  trap 'exit 130' INT
  prepare_cgroup_v2
  "$CLUSTER" up
  eval "$("$CLUSTER" env)"
  if (( $# > 0 )); then
    "$@"
    return
  fi
  local state_dir
  state_dir="$(dirname "$(dirname "$SLURM_CONF")")"
  tail -n 0 -F "$state_dir"/log/*.log &
  LOG_FOLLOWER_PID=$!
  wait "$LOG_FOLLOWER_PID"
}

main "$@"
