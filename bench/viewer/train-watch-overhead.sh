#!/usr/bin/env bash
# What train --watch costs training: PAIRS interleaved pairs (default 3) of PPO CartPole runs (100,000 steps), one
# without and one with the live window under xvfb-run, printing each run's wall time and the ratio of the medians.
# Needs xvfb-run and a libraylib (RLARENA_RAYLIB=/path/to/libraylib.so). Run directories go to a temp folder.
# Records the medians as JSON in bench/results/ (train-watch-overhead-*.json) for bench/report.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/results.sh
source bench/lib/results.sh
pairs="${1:-3}"
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
command -v xvfb-run >/dev/null || { echo "train-watch-overhead: xvfb-run is not installed (apt-get install xvfb)"; exit 1; }
seconds() { grep -o 'updates in [0-9.]* s' | grep -o '[0-9.]*'; }
plain=(); watched=()
result_begin train-watch-overhead "What train --watch costs: PPO CartPole-v1, 100,000 steps, under xvfb-run (median of $pairs interleaved pairs)"
result_setting pairs "$pairs"
for i in $(seq "$pairs"); do
  p=$(./rlarena train --algo ppo --env cartpole --runs "$runs" --eval-episodes 0 | seconds)
  w=$(xvfb-run -a -s "-screen 0 1280x800x24" ./rlarena train --algo ppo --env cartpole --runs "$runs" --eval-episodes 0 --watch | seconds)
  echo "pair $i: without window ${p} s, with --watch ${w} s (load $(cut -d' ' -f1 /proc/loadavg))"
  plain+=("$p"); watched+=("$w")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mp=$(median "${plain[@]}"); mw=$(median "${watched[@]}")
awk -v p="$mp" -v w="$mw" 'BEGIN { printf "median without %.1f s, with --watch %.1f s: %+.0f%% (target: under +10%%)\n", p, w, (w / p - 1) * 100 }'
result_figure "rlarena train" "PPO CartPole-v1 training wall time" "$mp" s lower
result_figure "rlarena train --watch" "PPO CartPole-v1 training wall time" "$mw" s lower
result_end
