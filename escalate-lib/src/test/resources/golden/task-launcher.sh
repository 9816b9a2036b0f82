#!/bin/bash
#SBATCH --cpus-per-task=2
#SBATCH   --comment="x y"   # trailing
#SLURM --nice=5
# mem-escalate task launcher, generated for this chain: do not edit. Slurm runs this task as array task
# SLURM_ARRAY_TASK_ID of a renumbered array (0-(n-1)); its real index is on line OFFSET + that of the index
# map. Arguments: INDEX_MAP WIDTH OFFSET COUNT OUTPUT ERROR SCRIPT [ARGS...]
mem_escalate_fail() {
  printf 'mem-escalate task launcher (job %s, array task %s): %s\n' "${SLURM_JOB_ID:-?}" \
    "${SLURM_ARRAY_TASK_ID:-?}" "$1" >&2
  exit 1
}
(($# >= 7)) || mem_escalate_fail "expected INDEX_MAP WIDTH OFFSET COUNT OUTPUT ERROR SCRIPT [ARGS...]"
mem_escalate_map=$1 mem_escalate_width=$2 mem_escalate_offset=$3 mem_escalate_count=$4
mem_escalate_output=$5 mem_escalate_error=$6 mem_escalate_script=$7
shift 7
mem_escalate_k=${SLURM_ARRAY_TASK_ID:-}
[[ $mem_escalate_k =~ ^[0-9]+$ && $mem_escalate_width =~ ^[0-9]+$ && $mem_escalate_offset =~ ^[0-9]+$ \
  && $mem_escalate_count =~ ^[0-9]+$ ]] && ((10#$mem_escalate_k < 10#$mem_escalate_count)) \
  || mem_escalate_fail "array task '$mem_escalate_k' is not one of 0-$((mem_escalate_count - 1))"
mem_escalate_line=$(dd if="$mem_escalate_map" bs="$mem_escalate_width" count=1 status=none \
  skip=$((10#$mem_escalate_offset + 10#$mem_escalate_k))) \
  || mem_escalate_fail "cannot read the index map $mem_escalate_map"
mem_escalate_task=${mem_escalate_line##* }
[[ $mem_escalate_task =~ ^[0-9]+$ ]] \
  || mem_escalate_fail "no index on line $((10#$mem_escalate_offset + 10#$mem_escalate_k)) of $mem_escalate_map"

# Expands a template (only %A %a %j with a width, %N and %%: mem-escalate filled in the rest) into
# mem_escalate_expanded, with %a the real index.
mem_escalate_expand() {
  local rest=$1 out= width= value=
  while [[ $rest == *%* ]]; do
    out+=${rest%%\%*}
    rest=${rest#*%}
    width=
    while [[ $rest == [0-9]* ]]; do width+=${rest:0:1}; rest=${rest:1}; done
    case ${rest:0:1} in
      A) value=${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-}} ;;
      a) value=$mem_escalate_task ;;
      j) value=${SLURM_JOB_ID:-} ;;
      N) value=${SLURMD_NODENAME:-${HOSTNAME%%.*}}; width= ;;
      *) value=%; width= ;;
    esac
    rest=${rest:1}
    if [[ -n $width ]]; then printf -v value '%0*d' "$((10#$width))" "$((10#$value))"; fi
    out+=$value
  done
  mem_escalate_expanded=$out$rest
}
mem_escalate_expand "$mem_escalate_output"
mem_escalate_out_file=$mem_escalate_expanded
mem_escalate_expand "$mem_escalate_error"
mem_escalate_err_file=$mem_escalate_expanded

export SLURM_ARRAY_TASK_ID=$mem_escalate_task MEM_ESCALATE_TASK_ID=$mem_escalate_task
if [[ $mem_escalate_out_file == "$mem_escalate_err_file" ]]; then
  exec >"$mem_escalate_out_file" 2>&1 || mem_escalate_fail "cannot write $mem_escalate_out_file"
else
  exec >"$mem_escalate_out_file" 2>"$mem_escalate_err_file" \
    || mem_escalate_fail "cannot write $mem_escalate_out_file or $mem_escalate_err_file"
fi
exec "$mem_escalate_script" "$@"
