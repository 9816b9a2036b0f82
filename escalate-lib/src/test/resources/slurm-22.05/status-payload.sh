#!/bin/bash
i=$SLURM_ARRAY_TASK_ID
case $i in
  0) exit 0;;
  1) head -c 300M /dev/zero | tail -n 1 >/dev/null;;
  2) exit 3;;
  *) sleep 30;;
esac
