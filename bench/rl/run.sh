#!/usr/bin/env bash
# RL benchmarks: throughput with CleanRL's own settings (against CleanRL's unmodified ppo.py and dqn.py, run here one
# after the other through shared/tools/cleanrl_runner when its clones are present), and the
# solve runs of issue #5 (PPO/DQN CartPole seeds 1-3, PPO GridWorld vector and visual), with flat-memory check.
# Usage: bench/rl/run.sh [all|throughput|solve|gridworld]   (default all; about 10-15 minutes on 2 idle cores)
# Each part also records its figures (and the solve runs' learning curves) as JSON in bench/results/
# (rl-throughput-*.json, rl-solve-*.json, rl-gridworld-*.json); bench/report.sh turns them into docs/benchmarks/index.md.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/results.sh
source bench/lib/results.sh
# CleanRL's clone and Gymnasium 0.29.1's gymnasium/ folder (see shared/tools/cleanrl_runner/README.md); without them
# the CleanRL half is skipped and only RLArena's figures are recorded (no peer figure is ever typed in).
cleanrl_dir="${CLEANRL_DIR:-/tmp/anchor-rl/vwxyzjn+cleanrl}"
gymnasium_dir="${GYMNASIUM_DIR:-/tmp/anchor-rl/gymnasium-0.29.1}"
runner="${RUNNER:-../shared/tools/cleanrl_runner/run_cleanrl.py}"
python="${PYTHON:-/usr/bin/python3}"
what="${1:-all}"
out="$(mktemp -d /tmp/rlarena-bench.XXXXXX)"
echo "RLArena RL benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Run directories: $out"
./rlarena info >/dev/null || { echo "bench: rlarena does not build or load"; exit 1; }

# train ALGO ENV SEED [extra args...] -> prints one result line, leaves the log in $out
train() {
  local algo="$1" env="$2" seed="$3"; shift 3
  local log="$out/${algo}-${env//[:=,]/_}-${seed}.log"
  ./rlarena train --algo "$algo" --env "$env" --seed "$seed" --runs "$out/runs" "$@" >"$log" 2>&1
  local rc=$?
  local done_line eval_line
  done_line="$(grep -E '^(Done|Interrupted):' "$log" | tail -1)"
  eval_line="$(grep -E '^Evaluation' "$log" | tail -1)"
  local steps sps wall
  steps="$(sed -nE 's/^Done: ([0-9,]+) steps.*/\1/p' <<<"$done_line")"
  wall="$(sed -nE 's/.* in ([0-9.]+) s .*/\1/p' <<<"$done_line")"
  sps="$(sed -nE 's/.*\(([0-9,]+) steps\/s\).*/\1/p' <<<"$done_line")"
  LAST_EVAL="$(sed -nE 's/.*: return (-?[0-9.,]+).*/\1/p' <<<"$eval_line" | tr -d ,)"
  LAST_WALL="$wall"
  printf '%-4s %-22s seed %s  steps %-8s wall %6ss  %8s steps/s  %s\n' "$algo" "$env" "$seed" "${steps:-?}" "${wall:-?}" "${sps:-?}" \
    "${eval_line:-(exit $rc; see $log)}"
  LAST_SPS="${sps//,/}"
  LAST_RUN="$(ls -d "$out"/runs/*/ 2>/dev/null | xargs -r ls -dt | head -1)"
}

# cleanrl SCRIPT [flags...] -> LAST_CLEANRL_SPS: the script's own final charts/SPS (global_step / elapsed), or empty
# when CleanRL is not available here or the run failed.
cleanrl() {
  local script="$1"; shift
  LAST_CLEANRL_SPS=""
  if [[ ! -f "$cleanrl_dir/cleanrl/$script" || ! -d "$gymnasium_dir/gymnasium" || ! -f "$runner" ]]; then
    echo "   CleanRL $script: skipped (no clone at CLEANRL_DIR=$cleanrl_dir with GYMNASIUM_DIR=$gymnasium_dir and RUNNER=$runner)"
    return
  fi
  local csv="$out/cleanrl-${script%.py}.csv"
  OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH="$gymnasium_dir:$cleanrl_dir" "$python" "$runner" "$cleanrl_dir/cleanrl/$script" "$csv" \
    "$@" >"$out/cleanrl-${script%.py}.log" 2>&1
  local rc=$?
  LAST_CLEANRL_SPS="$(awk -F, '$1 == "charts/SPS" { v = $2 } END { if (v != "") printf "%d", v }' "$csv" 2>/dev/null)"
  echo "   CleanRL $script: ${LAST_CLEANRL_SPS:-?} steps/s (exit $rc; $(grep RUNNER_WALL_S "$out/cleanrl-${script%.py}.log" | tail -1))"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == 0) print "?"; else printf "%.2fx", a / b }'; }

if [[ "$what" == all || "$what" == throughput ]]; then
  echo
  echo "== Throughput with CleanRL's settings (CartPole-v1, full 500k steps, updates and logging included) =="
  result_begin rl-throughput "Throughput with CleanRL's settings (CartPole-v1, 500k steps, updates and logging included)"
  result_setting configs "bench/rl/cleanrl-ppo.yaml, bench/rl/cleanrl-dqn.yaml"
  result_setting seed 1
  result_peer "CleanRL ppo.py / dqn.py (PyTorch 1.13 CPU, 1 thread)" "fe8d8a0"
  train ppo cartpole 1 --config bench/rl/cleanrl-ppo.yaml --eval-episodes 0
  ppo_sps="$LAST_SPS"; ppo_run="$LAST_RUN"
  [ -n "$ppo_sps" ] && result_figure "rlarena ppo" "PPO throughput" "$ppo_sps" steps/s higher
  cleanrl ppo.py --seed 1 --total-timesteps 500000 --cuda false
  [ -n "$LAST_CLEANRL_SPS" ] && result_figure "CleanRL ppo.py" "PPO throughput" "$LAST_CLEANRL_SPS" steps/s higher
  echo "   PPO: ${ppo_sps} steps/s vs CleanRL ${LAST_CLEANRL_SPS:-?}: $(ratio "$ppo_sps" "${LAST_CLEANRL_SPS:-0}")"
  # Memory: resident set size logged as perf/rss_mb; compare ~50k steps with the end (500k). perf/managed_mb (the .NET
  # heap, uncollected garbage included) tells a collector that waits from native growth.
  awk -F, '$3 == "perf/rss_mb" { if (!first && $1 >= 50000) { first = $4; s1 = $1 } last = $4; s2 = $1 }
           $3 == "perf/managed_mb" { if ($4 > managed) managed = $4 }
           END { if (first) printf "   Memory: RSS %.1f MB at step %d, %.1f MB at step %d (%+.1f%%; target within 10%%); .NET heap at most %.1f MB\n", first, s1, last, s2, 100 * (last - first) / first, managed }' \
      "$ppo_run/metrics.csv"
  growth="$(awk -F, '$3 == "perf/rss_mb" { if (!first && $1 >= 50000) first = $4; last = $4 }
                     END { if (first) printf "%.2f", 100 * (last - first) / first }' "$ppo_run/metrics.csv" 2>/dev/null)"
  [ -n "$growth" ] && result_figure "rlarena ppo" "resident memory growth, step 50k to 500k" "$growth" % lower
  train dqn cartpole 1 --config bench/rl/cleanrl-dqn.yaml --eval-episodes 0
  dqn_sps="$LAST_SPS"
  [ -n "$dqn_sps" ] && result_figure "rlarena dqn" "DQN throughput" "$dqn_sps" steps/s higher
  cleanrl dqn.py --seed 1 --total-timesteps 500000 --cuda false
  [ -n "$LAST_CLEANRL_SPS" ] && result_figure "CleanRL dqn.py" "DQN throughput" "$LAST_CLEANRL_SPS" steps/s higher
  echo "   DQN: ${dqn_sps} steps/s vs CleanRL ${LAST_CLEANRL_SPS:-?}: $(ratio "$dqn_sps" "${LAST_CLEANRL_SPS:-0}")"
  result_end
fi

if [[ "$what" == all || "$what" == solve ]]; then
  echo
  echo "== Solve runs (tuned configs/<algo>/cartpole.yaml; eval = 100 deterministic episodes; target >= 475) =="
  result_begin rl-solve "Solve runs: tuned configs/<algo>/cartpole.yaml, seeds 1-3, eval = 100 deterministic episodes (target >= 475)"
  result_setting configs "configs/ppo/cartpole.yaml, configs/dqn/cartpole.yaml"
  result_setting eval_episodes 100
  for algo in ppo dqn; do
    for seed in 1 2 3; do
      train "$algo" cartpole "$seed"
      [ -n "$LAST_EVAL" ] && result_figure "rlarena $algo seed $seed" "CartPole-v1 eval mean return" "$LAST_EVAL" return higher
      [ -n "$LAST_SPS" ] && result_figure "rlarena $algo seed $seed" "CartPole-v1 training throughput" "$LAST_SPS" steps/s higher
      [ -n "$LAST_RUN" ] && [ -f "$LAST_RUN/metrics.csv" ] && result_curve "${algo^^} CartPole-v1" "$seed" "$LAST_RUN/metrics.csv" charts/episodic_return
    done
  done
  result_end
fi

if [[ "$what" == all || "$what" == gridworld ]]; then
  echo
  echo "== GridWorld 5x5 (configs/ppo/gridworld.yaml, 300k steps; targets: vector >= 0.9, visual >= 0.8 mean return) =="
  result_begin rl-gridworld "GridWorld 5x5, configs/ppo/gridworld.yaml, 300k steps (targets: vector >= 0.9, visual >= 0.8 mean return)"
  result_setting config configs/ppo/gridworld.yaml
  for env in gridworld gridworld:obs=visual; do
    train ppo "$env" 1
    [ -n "$LAST_EVAL" ] && result_figure "rlarena ppo $env" "GridWorld eval mean return" "$LAST_EVAL" return higher
    [ -n "$LAST_RUN" ] && [ -f "$LAST_RUN/metrics.csv" ] && result_curve "PPO $env" 1 "$LAST_RUN/metrics.csv" charts/episodic_return
  done
  result_end
fi
