#!/usr/bin/env bash
# Default threads against --threads 1, on an idle machine and with another process pinning one core.
#
#   bench/threads_contention.sh [LANDAUER_BINARY] [REPEATS]
#
# The busy process is a shell loop pinned with `taskset -c 0`; landauer is not pinned, as a user's
# run would not be. Each case runs REPEATS times (default 3), alternating the thread settings, and
# the table gives the median wall time. docs/threads.md records the figures. OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE are unset so OpenBLAS uses the machine's best kernels.
set -euo pipefail
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
bin=${1:-build/bin/landauer}
repeats=${2:-3}
work=$(mktemp -d)
busy=""
cleanup() {
  [[ -n $busy ]] && kill "$busy" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

seconds() {  # seconds THREADS ARGS... -> wall seconds of one run
  local threads=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$bin" "$@" --threads "$threads" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_case() {  # run_case LABEL ARGS...
  local label=$1
  shift
  local default_times="" one_times=""
  for ((i = 0; i < repeats; ++i)); do
    default_times+="$(seconds 0 "$@")"$'\n'
    one_times+="$(seconds 1 "$@")"$'\n'
  done
  local d o
  d=$(printf '%s' "$default_times" | median)
  o=$(printf '%s' "$one_times" | median)
  printf '| %-7s | %-34s | %8.2f | %8.2f | %5.2f |\n' "$load" "$label" "$d" "$o" "$(awk -v a="$d" -v b="$o" 'BEGIN { print a / b }')"
}

cases() {
  run_case "compare (Fashion-MNIST, defaults)" compare --out "$work/out"
  run_case "train --data digits" train --data digits --model mlp:64-256-256-10
  run_case "thermo logdet (docs/thermo.md)" thermo logdet --dimension 16 --condition 100 \
    --chains 32 --seed 1
}

echo "| machine | command | default s | --threads 1 s | ratio |"
echo "|---|---|---|---|---|"
load=idle
cases
taskset -c 0 bash -c 'while :; do :; done' &
busy=$!
sleep 1
load=busy
cases
