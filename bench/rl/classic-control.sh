#!/usr/bin/env bash
# Classic-control solve runs (issue 11's figures): each row trains the shipped config (its eval_every keeps
# best.ckpt, the best periodic evaluation), then evaluates both the final checkpoint and best.ckpt with 100
# deterministic episodes (`rlarena eval --deterministic`, seed 1), and compares them with the row's target and the
# RL Zoo's figure (benchmark.md of DLR-RM/rl-baselines3-zoo) for the same budget.
#
# Usage: bench/rl/classic-control.sh [ROW...] [SEED...]
#   ROW  one of the rows below, or all (default: all); SEED a whole number (default: 1 2 3).
#   e.g. bench/rl/classic-control.sh sac-pendulum 1      bench/rl/classic-control.sh dqn-acrobot dqn-mountaincar
# Environment: RLARENA, the command that runs the CLI (default ./rlarena, which rebuilds when sources change; for long
#   runs publish a copy: RLARENA="dotnet /tmp/rlarena-cli/rlarena.dll"); RUNS_DIR, where the runs go (default a new
#   folder under /tmp); STEPS, a shorter budget for every row, only to check that the script runs (STEPS=6000 gives
#   one periodic evaluation with eval_every 5000).
# Prints one line per run (pass/fail against the target, on best.ckpt) and a table at the end; records every figure
# and each run's eval/mean_return curve as JSON in bench/results/classic-control-*.json for bench/report.sh.
# Runs one training at a time. CPU time per seed measured on a Xeon core (2026-11-27): ppo-pendulum 25-31 s,
# dqn-mountaincar 184-198 s, dqn-acrobot 270-300 s, dqn-cartpole 57-67 s, sac-pendulum 338 s; the wall time is longer
# on a busy machine.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/results.sh
source bench/lib/results.sh

# row -> algo | env | config | Gymnasium id | budget (steps) | target (best.ckpt mean return >=) | RL Zoo figure
declare -A ROW=(
  [ppo-pendulum]="ppo|pendulum|configs/ppo/pendulum.yaml|Pendulum-v1|100000|-200|-172 ± 104 at 100k"
  [sac-pendulum]="sac|pendulum|configs/sac/pendulum.yaml|Pendulum-v1|20000|-200|-157 ± 89 at 20k"
  [sac-mountaincar-continuous]="sac|mountaincar-continuous|configs/sac/mountaincar-continuous.yaml|MountainCarContinuous-v0|50000|90|94.7 at 50k"
  [dqn-mountaincar]="dqn|mountaincar|configs/dqn/mountaincar.yaml|MountainCar-v0|120000|-110|-101 at 120k"
  [dqn-acrobot]="dqn|acrobot|configs/dqn/acrobot.yaml|Acrobot-v1|100000|-85|-77 at 100k"
  [dqn-cartpole]="dqn|cartpole|configs/dqn/cartpole.yaml|CartPole-v1|50000|475|500 ± 0 at 50k"
)
ORDER=(ppo-pendulum dqn-mountaincar dqn-acrobot dqn-cartpole sac-pendulum sac-mountaincar-continuous)

rows=() seeds=()
for arg in "$@"; do
  if [[ "$arg" == all ]]; then rows+=("${ORDER[@]}")
  elif [[ -n "${ROW[$arg]+x}" ]]; then rows+=("$arg")
  elif [[ "$arg" =~ ^[0-9]{1,9}$ ]]; then seeds+=("$((10#$arg))")
  else echo "classic-control: unknown row or seed '$arg'; rows: ${ORDER[*]} (or all), seeds: whole numbers such as 1 2 3" >&2; exit 2
  fi
done
(( ${#rows[@]} )) || rows=("${ORDER[@]}")
(( ${#seeds[@]} )) || seeds=(1 2 3)
if [[ -n "${STEPS:-}" && ! "${STEPS}" =~ ^[1-9][0-9]{0,9}$ ]]; then echo "classic-control: STEPS=$STEPS must be a whole number of steps above 0" >&2; exit 2; fi
read -ra rlarena <<<"${RLARENA:-./rlarena}"
out="${RUNS_DIR:-$(mktemp -d /tmp/rlarena-classic.XXXXXX)}"
# A shortened smoke run is no figure: its JSON stays with the runs unless RESULTS_DIR says otherwise.
[[ -n "${STEPS:-}" ]] && export RESULTS_DIR="${RESULTS_DIR:-$out}"
mkdir -p "$out" || { echo "classic-control: cannot create RUNS_DIR=$out" >&2; exit 2; }
"${rlarena[@]}" info >/dev/null 2>&1 || { echo "classic-control: '${rlarena[*]} info' fails; build the CLI or set RLARENA" >&2; exit 1; }

echo "Classic-control solve runs — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Rows: ${rows[*]}; seeds: ${seeds[*]}; runs and logs in $out"
result_begin classic-control "Classic-control solve runs (issue 11): shipped configs, final and best model, 100 deterministic eval episodes each"
result_setting eval "rlarena eval --deterministic --episodes 100 --seed 1, on checkpoint.ckpt (final) and best.ckpt (best)"
result_setting seeds "${seeds[*]}"
result_peer "RL Zoo benchmark.md (DLR-RM/rl-baselines3-zoo)" "figures recorded from its benchmark table"

# eval_mean_std LOG -> "MEAN STD" from `rlarena eval`'s "  return   MEAN ± STD  (min ..." line
eval_mean_std() { sed -nE 's/^ +return +(-?[0-9.]+) ± ([0-9.]+).*/\1 \2/p' "$1" | tail -1; }

table=()
for row in "${rows[@]}"; do
  IFS='|' read -r algo env config gym budget target zoo <<<"${ROW[$row]}"
  budget="${STEPS:-$budget}"
  result_setting "row $row" "$algo $env, $config, $budget steps"
  result_setting "target $row" "$target"
  result_setting "anchor $row" "$zoo"
  result_setting "curve $row" "${algo^^} $gym"
  extra=()
  # A config without eval_every (e.g. another helper's new one) still gets a best model.
  grep -q '^eval_every:' "$config" || extra=(--set eval_every=5000 --set eval_episodes=10)
  for seed in "${seeds[@]}"; do
    log="$out/$row-$seed"
    /usr/bin/time -f "%e %U %S" -o "$log.time" "${rlarena[@]}" train --algo "$algo" --env "$env" --config "$config" --seed "$seed" \
      --steps "$budget" --eval-episodes 0 --runs "$out/runs/$row-$seed" "${extra[@]}" >"$log.train.log" 2>&1
    rc=$?
    run="$(ls -d "$out/runs/$row-$seed"/*/ 2>/dev/null | head -1)"
    read -r wall user sys <"$log.time" 2>/dev/null || true
    cpu="$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.1f", u + s }')"
    steps="$(sed -nE 's/^Done: ([0-9,]+) steps.*/\1/p' "$log.train.log" | tr -d ,)"
    best_step="$(sed -nE 's/^Best model: .*\(step ([0-9,]+),.*/\1/p' "$log.train.log" | tr -d ,)"
    if (( rc != 0 )) || [[ -z "$run" || -z "$steps" ]]; then
      echo "$row seed $seed: training failed (exit $rc; see $log.train.log)"; table+=("$row|$seed|failed|||||||"); continue
    fi
    "${rlarena[@]}" eval --checkpoint "$run" --episodes 100 --deterministic --seed 1 >"$log.final.log" 2>&1
    read -r final final_std <<<"$(eval_mean_std "$log.final.log")"
    best="" best_std=""
    if [[ -n "$best_step" ]]; then
      "${rlarena[@]}" eval --checkpoint "$run" --best --episodes 100 --deterministic --seed 1 >"$log.best.log" 2>&1
      read -r best best_std <<<"$(eval_mean_std "$log.best.log")"
    fi
    verdict="$(awk -v b="${best:-}" -v t="$target" 'BEGIN { print (b != "" && b + 0 >= t + 0) ? "pass" : "FAIL" }')"
    printf '%-27s seed %-3s %7s steps  %7ss wall %7ss CPU  final %9s ± %-7s  best %9s ± %-7s (step %s)  target >= %s: %s\n' \
      "$row" "$seed" "$steps" "$wall" "$cpu" "${final:-?}" "${final_std:-?}" "${best:-?}" "${best_std:-?}" "${best_step:-none}" "$target" "$verdict"
    table+=("$row|$seed|$steps|$wall|$cpu|${final:-?} ± ${final_std:-?}|${best:-?} ± ${best_std:-?}|${best_step:-none}|>= $target|$verdict")
    subject="rlarena $row seed $seed"
    result_figure "$subject" steps "$steps" steps higher
    result_figure "$subject" "wall time" "$wall" s lower
    result_figure "$subject" "CPU time" "$cpu" s lower
    [[ -n "$final" ]] && result_figure "$subject" "final mean return" "$final" return higher
    [[ -n "$final_std" ]] && result_figure "$subject" "final std return" "$final_std" return lower
    [[ -n "$best" ]] && result_figure "$subject" "best mean return" "$best" return higher
    [[ -n "$best_std" ]] && result_figure "$subject" "best std return" "$best_std" return lower
    [[ -n "$best_step" ]] && result_figure "$subject" "best step" "$best_step" steps lower
    [[ -f "$run/metrics.csv" ]] && result_curve "${algo^^} $gym" "$seed" "$run/metrics.csv" eval/mean_return
  done
done
result_end

echo
echo "| row | seed | steps | wall s | CPU s | final (100 det. episodes) | best.ckpt (100 det. episodes) | best at step | target | |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|"
for line in "${table[@]}"; do echo "| ${line//|/ | } |"; done
