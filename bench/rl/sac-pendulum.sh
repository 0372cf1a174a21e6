#!/usr/bin/env bash
# SAC throughput on Pendulum-v1, side by side: RLArena's SAC and CleanRL's unmodified sac_continuous_action.py, both
# with CleanRL's settings (bench/rl/cleanrl-sac.yaml: 256x256 networks, batch 256, a gradient step every env step,
# learning from step 5,000), one thread each, run one after the other on this machine. Prints each one's env steps/s
# once learning has started (from the wall times logged after learning_starts) and the ratio.
#
# Usage: bench/rl/sac-pendulum.sh [STEPS] [SEED]        (default 20000 1; a full run takes minutes on an idle core)
# Quick check that both sides run: LEARNING_STARTS=200 bench/rl/sac-pendulum.sh 1500
# (RLArena logs once per 1,000 steps, so its rate needs at least one full update after learning_starts.)
# CleanRL needs its clone and Gymnasium 0.29.1's gymnasium/ folder (see shared/tools/cleanrl_runner/README.md):
#   CLEANRL_DIR (default /tmp/anchor-rl/vwxyzjn+cleanrl), GYMNASIUM_DIR (default /tmp/anchor-rl/gymnasium-0.29.1),
#   RUNNER (default ../shared/tools/cleanrl_runner/run_cleanrl.py). Without them the CleanRL half is skipped.
# Records its figures as JSON in bench/results/ (sac-pendulum-*.json) for bench/report.sh.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/results.sh
source bench/lib/results.sh
steps="${1:-${STEPS:-20000}}"
seed="${2:-${SEED:-1}}"
starts="${LEARNING_STARTS:-5000}"
cleanrl_dir="${CLEANRL_DIR:-/tmp/anchor-rl/vwxyzjn+cleanrl}"
gymnasium_dir="${GYMNASIUM_DIR:-/tmp/anchor-rl/gymnasium-0.29.1}"
runner="${RUNNER:-../shared/tools/cleanrl_runner/run_cleanrl.py}"
python="${PYTHON:-/usr/bin/python3}"
rlarena="${RLARENA:-./rlarena}"   # or a built binary, e.g. RLARENA=src/Cli/bin/Release/net10.0/rlarena
if (( starts >= steps )); then echo "sac-pendulum: LEARNING_STARTS=$starts must be below STEPS=$steps"; exit 2; fi
out="$(mktemp -d /tmp/rlarena-sac-bench.XXXXXX)"
echo "SAC Pendulum-v1 throughput — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$steps steps, seed $seed, learning from step $starts; logs in $out"

# steps/s between the first logged row at or after learning_starts and the last row:
# rate FILE STEP_COLUMN WALL_COLUMN NAME_COLUMN NAME  (columns 1-based; rows of that metric only)
rate() {
  awk -F, -v sc="$2" -v wc="$3" -v nc="$4" -v name="$5" -v starts="$starts" '
    NR > 1 && $nc == name && $sc + 0 >= starts {
      if (!seen) { s0 = $sc; w0 = $wc; seen = 1 }
      s1 = $sc; w1 = $wc
    }
    END { if (seen && w1 > w0) printf "%.1f", (s1 - s0) / (w1 - w0); else print "" }' "$1"
}

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
result_begin sac-pendulum "SAC on Pendulum-v1 with CleanRL's settings (256x256, batch 256, a gradient step per env step): env steps/s once learning has started"
result_setting steps "$steps"
result_setting seed "$seed"
result_setting learning_starts "$starts"
result_setting config bench/rl/cleanrl-sac.yaml
result_peer "CleanRL sac_continuous_action.py (PyTorch 1.13 CPU, 1 thread)" "$(git -C "$cleanrl_dir" log -1 --format=%h 2>/dev/null || echo unknown)"
"$rlarena" train --algo sac --env pendulum --seed "$seed" --steps "$steps" --config bench/rl/cleanrl-sac.yaml \
  --set learning_starts="$starts" --eval-episodes 0 --runs "$out/runs" >"$out/rlarena.log" 2>&1
rc=$?
run="$(ls -d "$out"/runs/*/ 2>/dev/null | head -1)"
ours=""
# metrics.csv: step,wall_time,metric,value; one losses/qf1_loss row per 1,000-step update once learning runs.
[[ -n "$run" ]] && ours="$(rate "$run/metrics.csv" 1 2 3 losses/qf1_loss)"
echo "RLArena SAC: ${ours:-?} env steps/s while learning (exit $rc; $(grep -E '^(Done|Interrupted):' "$out/rlarena.log" | tail -1))"

theirs=""
if [[ -f "$cleanrl_dir/cleanrl/sac_continuous_action.py" && -d "$gymnasium_dir/gymnasium" && -f "$runner" ]]; then
  PYTHONPATH="$gymnasium_dir:$cleanrl_dir" "$python" "$runner" "$cleanrl_dir/cleanrl/sac_continuous_action.py" "$out/cleanrl.csv" \
    --env-id Pendulum-v1 --seed "$seed" --total-timesteps "$steps" --learning-starts "$starts" --cuda false \
    >"$out/cleanrl.log" 2>&1
  crc=$?
  # cleanrl.csv: tag,value,step,wall_time; losses/qf1_loss every 100 steps once learning runs.
  theirs="$(rate "$out/cleanrl.csv" 3 4 1 losses/qf1_loss)"
  echo "CleanRL sac_continuous_action.py: ${theirs:-?} env steps/s while learning (exit $crc; $(grep RUNNER_WALL_S "$out/cleanrl.log" | tail -1))"
else
  echo "CleanRL: skipped (no clone at CLEANRL_DIR=$cleanrl_dir with GYMNASIUM_DIR=$gymnasium_dir and RUNNER=$runner)"
fi
[[ -n "$ours" ]] && result_figure "rlarena sac" "env steps/s while learning" "$ours" steps/s higher
[[ -n "$theirs" ]] && result_figure "CleanRL sac_continuous_action.py" "env steps/s while learning" "$theirs" steps/s higher
result_end
if [[ -n "$ours" && -n "$theirs" ]]; then
  awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "Ratio RLArena / CleanRL: %.2fx (target >= 3x)\n", a / b }'
fi
