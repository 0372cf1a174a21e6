#!/usr/bin/env bash
# The sweep figures of issue 13, recorded as JSON in bench/results/ for bench/report.sh:
#   local    the 4-configuration × 3-seed PPO CartPole study (configs/sweeps/ppo-cartpole-seeds.yaml) with --workers 1
#            and --workers 2, alternating, REPEATS times each, every run in a fresh directory: the median wall time of
#            each, the speed-up (target >= 1.8x on 2 cores), the cores each trial used (its CPU time / wall time, from
#            its status.json), the gap between one trial's end and the next one's start on one worker, and the load
#            average before and after every run                                          -> sweep-workers-*.json
#   slurm    the same study through a one-node Slurm cluster (build/slurm/one-node.sh, started here on free ports and
#            stopped by its PIDs at the end): the time from `sweep start` to every trial done   -> sweep-slurm-*.json
#   halving  successive halving against every configuration at the full budget on the 16-configuration search
#            (configs/sweeps/ppo-cartpole-halving.yaml): env steps and wall time of each, the configuration each picks
#            (sweep report's ranking), whether they are the same, and if not where halving's pick ranks at the full
#            budget and how many configurations tie at the top                                -> sweep-halving-*.json
#
# Usage: bench/sweeps/run.sh [all|local|slurm|halving]...     (default all; the full figures take well over an hour
#        on 2 idle cores: run them on a quiet machine)
# Environment:
#   RLARENA         the rlarena to run (default ./rlarena, which builds first); a published copy runs as
#                   RLARENA="dotnet /tmp/rlarena-cli/rlarena.dll"
#   REPEATS         runs of each worker count in part local (default 2)
#   STEPS           override every sweep's steps: (a quick end-to-end check of the script, not a figure)
#   MIN_STEPS       override halving's min_steps: (default STEPS/16 when STEPS is set)
#   CONFIGURATIONS  override the halving search's configurations:
#   SEEDS_FILE, HALVING_FILE  other sweep files for parts local/slurm and halving
# Quick check that every part runs (about two minutes on an idle machine):
#   STEPS=2048 REPEATS=1 CONFIGURATIONS=4 bench/sweeps/run.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$(pwd)"
# shellcheck source=../lib/results.sh
source bench/lib/results.sh
python="${PYTHON:-/usr/bin/python3}"
[ -x "$python" ] || python="python3"
read -r -a rl <<<"${RLARENA:-./rlarena}"
repeats="${REPEATS:-2}"
seeds_file="${SEEDS_FILE:-configs/sweeps/ppo-cartpole-seeds.yaml}"
halving_file="${HALVING_FILE:-configs/sweeps/ppo-cartpole-halving.yaml}"

fail() { echo "bench/sweeps: $*" >&2; exit 2; }
whole() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }

parts=()
for part in "${@:-all}"; do
  case "$part" in
    all) parts+=(local slurm halving) ;;
    local|slurm|halving) parts+=("$part") ;;
    *) fail "unknown part '$part'; use all, local, slurm or halving (e.g. bench/sweeps/run.sh local halving)" ;;
  esac
done
whole "$repeats" || fail "REPEATS=$repeats: give a whole number of runs, 1 or more"
[[ -z "${STEPS:-}" ]] || whole "$STEPS" || fail "STEPS=$STEPS: give a whole number of steps, e.g. 2048"
[[ -z "${MIN_STEPS:-}" ]] || whole "$MIN_STEPS" || fail "MIN_STEPS=$MIN_STEPS: give a whole number of steps"
[[ -z "${CONFIGURATIONS:-}" ]] || whole "$CONFIGURATIONS" || fail "CONFIGURATIONS=$CONFIGURATIONS: give a whole number, 2 or more"
for f in "$seeds_file" "$halving_file"; do [ -f "$f" ] || fail "$f: no such sweep file"; done
"${rl[@]}" --help >/dev/null 2>&1 || fail "'${rl[*]}' does not run; build it or set RLARENA (e.g. RLARENA=\"dotnet /tmp/rlarena-cli/rlarena.dll\")"

out="$(mktemp -d /tmp/rlarena-sweep-bench.XXXXXX)"
echo "RLArena sweep benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Parts: ${parts[*]}; sweep directories and logs in $out"
overrides=""
if [[ -n "${STEPS:-}${MIN_STEPS:-}${CONFIGURATIONS:-}" ]]; then
  overrides="STEPS=${STEPS:-} MIN_STEPS=${MIN_STEPS:-} CONFIGURATIONS=${CONFIGURATIONS:-}"
  # A check's results are not figures: unless RESULTS_DIR says otherwise they stay out of bench/results.
  export RESULTS_DIR="${RESULTS_DIR:-$out/results}"
  echo "Budgets overridden ($overrides): a check of the script, not the figures; results go to $RESULTS_DIR"
fi
# begin BENCHMARK TITLE: result_begin, marking a check run's result as such
begin() {
  result_begin "$1" "${overrides:+CHECK RUN, budgets overridden: }$2"
  [[ -z "$overrides" ]] || result_setting "budgets overridden" "$overrides"
}

# prepare SWEEP_FILE NAME -> prints the path of a copy in $out with its base: made absolute and the overrides applied
prepare() {
  local src="$1" dest="$out/$2.yaml" dir
  dir="$(cd "$(dirname "$src")" && pwd)"
  sed -E "s|^base:( +)([^ #/][^ #]*)|base:\\1$dir/\\2|" "$src" >"$dest"
  if [[ -n "${STEPS:-}" ]]; then
    sed -i -E "s|^steps: +[0-9]+|steps: $STEPS|" "$dest"
    sed -i -E "s|^( +min_steps: +)[0-9]+|\\1${MIN_STEPS:-$((STEPS / 16))}|" "$dest"
  fi
  [[ -n "${CONFIGURATIONS:-}" ]] && sed -i -E "s|^configurations: +[0-9]+|configurations: $CONFIGURATIONS|" "$dest"
  echo "$dest"
}

now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
stat_of() { sed -n "s/^$1=//p" <<<"$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
steps_setting() { sed -nE 's/^steps: +([0-9]+).*/\1/p' "$1"; }

# start_sweep FILE DIR ARGS... -> runs `sweep start` to its end; sets RUN_WALL (s) and RUN_CPU (s, rlarena and its trials)
start_sweep() {
  local file="$1" dir="$2"; shift 2
  local t0 t1 rc
  t0="$(now)"
  /usr/bin/time -f "%U %S" -o "$dir.time" "${rl[@]}" sweep start "$file" --dir "$dir" "$@" >"$dir.log" 2>&1
  rc=$?
  t1="$(now)"
  RUN_WALL="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
  RUN_CPU="$(awk '{ s = $1 + $2 } END { printf "%.2f", s }' "$dir.time" 2>/dev/null)"
  if [ "$rc" -ne 0 ]; then
    tail -20 "$dir.log" >&2
    echo "bench/sweeps: 'sweep start $file --dir $dir $*' failed (exit $rc; log $dir.log)" >&2
    return 1
  fi
}

part_local() {
  local file; file="$(prepare "$seeds_file" seeds)"
  local -a walls1=() walls2=() cores=() gaps=()
  local r w dir l0 l1 stats
  echo
  echo "== local: $seeds_file with --workers 1 and 2, $repeats run(s) each =="
  begin sweep-workers "A 4-configuration × 3-seed PPO CartPole sweep on this machine: wall time with 2 local workers against 1"
  for ((r = 1; r <= repeats; r++)); do
    for w in 1 2; do
      dir="$out/local-w$w-r$r"
      l0="$(load)"
      start_sweep "$file" "$dir" --workers "$w" || return 1
      l1="$(load)"
      stats="$("$python" bench/sweeps/sweep_stats.py trials "$dir")" || return 1
      [[ "$(stat_of done "$stats")" == "$(stat_of trials "$stats")" ]] || { echo "bench/sweeps: not every trial of $dir is done" >&2; return 1; }
      printf '  --workers %s, run %s: %7.1f s wall, %7.1f s CPU (rlarena and trials); trials use %s cores each; load %s -> %s\n' \
        "$w" "$r" "$RUN_WALL" "$RUN_CPU" "$(stat_of cores_per_trial "$stats")" "$l0" "$l1"
      if [ "$w" = 1 ]; then walls1+=("$RUN_WALL"); gaps+=("$(stat_of startup_gap_s "$stats")"); else walls2+=("$RUN_WALL"); fi
      cores+=("$(stat_of cores_per_trial "$stats")")
      result_setting "run $r, --workers $w" "$RUN_WALL s wall, $RUN_CPU s CPU, load $l0 -> $l1"
    done
  done
  local m1 m2 ratio core gap
  m1="$(median "${walls1[@]}")"; m2="$(median "${walls2[@]}")"
  ratio="$(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", a / b }')"
  core="$(median "${cores[@]}")"; gap="$(median "${gaps[@]}")"
  echo "Median wall time: $m1 s with 1 worker, $m2 s with 2 workers: ${ratio}x (target >= 1.8x on 2 cores)"
  echo "Each trial used $core cores (median of the runs' trial CPU / trial wall); on one worker $gap s passed between a trial's end and the next one's start"
  result_setting "sweep file" "$seeds_file"
  result_setting "steps per trial" "$(steps_setting "$file")"
  result_setting repeats "$repeats"
  result_figure "rlarena sweep --workers 1" "sweep wall time (median)" "$m1" s lower
  result_figure "rlarena sweep --workers 2" "sweep wall time (median)" "$m2" s lower
  result_figure "rlarena sweep --workers 2" "speed-up over 1 worker" "$ratio" x higher
  [[ -n "$core" ]] && result_figure "rlarena sweep trial" "cores used per trial (CPU / wall)" "$core" cores lower
  [[ -n "$gap" ]] && result_figure "rlarena sweep --workers 1" "gap between trials" "$gap" s lower
  result_end
}

part_slurm() {
  echo
  echo "== slurm: $seeds_file through a one-node Slurm cluster =="
  local missing=""
  for b in slurmctld slurmd munged; do command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || missing+=" $b"; done
  command -v sbatch >/dev/null 2>&1 || missing+=" sbatch"
  if [ -n "$missing" ]; then
    echo "slurm: skipped: Slurm is not installed here (missing:$missing; apt-get install slurmctld slurmd slurm-client munge)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "slurm: skipped: the one-node cluster runs its daemons as root (run this part as root)"
    return 0
  fi
  local file cluster ports dir stats t0 t1 l0 l1 waited=0 limit="${SLURM_WAIT_S:-7200}"
  file="$(prepare "$seeds_file" seeds-slurm)"
  begin sweep-slurm "The same 4-configuration × 3-seed PPO CartPole sweep as a job array on a one-node Slurm cluster ($(nproc) CPUs)"
  cluster="$out/slurm-cluster"
  read -r -a ports < <("$python" -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
  SLURM_CTLD_PORT="${ports[0]}" SLURM_D_PORT="${ports[1]}" build/slurm/one-node.sh start "$cluster" >"$out/slurm-cluster.log" 2>&1 \
    || { cat "$out/slurm-cluster.log" >&2; build/slurm/one-node.sh stop "$cluster" >/dev/null 2>&1; echo "bench/sweeps: the one-node Slurm cluster did not start" >&2; return 1; }
  # Whatever happens from here, the daemons this part started are stopped (by the PIDs in their pid files).
  trap 'build/slurm/one-node.sh stop "$cluster" >>"$out/slurm-cluster.log" 2>&1' EXIT
  export SLURM_CONF="$cluster/slurm.conf"
  dir="$out/slurm"
  l0="$(load)"
  t0="$(now)"
  start_sweep "$file" "$dir" --executor slurm || { build/slurm/one-node.sh stop "$cluster" >/dev/null 2>&1; trap - EXIT; return 1; }
  # Every trial done or failed, as sweep status reads it (the status files; one look a second costs next to nothing).
  until "$python" - "$dir" <<'PY'
import glob, json, sys
states = [json.load(open(p)).get("state") for p in glob.glob(sys.argv[1] + "/trials/*/status.json")]
sys.exit(0 if states and all(s in ("done", "failed", "cancelled") for s in states) else 1)
PY
  do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge "$limit" ]; then echo "bench/sweeps: the Slurm sweep did not finish within $limit s (SLURM_WAIT_S)" >&2; break; fi
  done
  t1="$(now)"
  l1="$(load)"
  "${rl[@]}" sweep status "$dir" >"$dir.status" 2>&1
  build/slurm/one-node.sh stop "$cluster" >>"$out/slurm-cluster.log" 2>&1
  trap - EXIT
  unset SLURM_CONF
  stats="$("$python" bench/sweeps/sweep_stats.py trials "$dir")" || return 1
  local wall; wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
  echo "  $(grep -E '^done ' "$dir.status")"
  echo "Slurm: $wall s from sweep start to every trial done ($(stat_of done "$stats") of $(stat_of trials "$stats") done); trials use $(stat_of cores_per_trial "$stats") cores each; load $l0 -> $l1"
  [[ "$(stat_of done "$stats")" == "$(stat_of trials "$stats")" ]] || { echo "bench/sweeps: not every Slurm trial is done; see $dir.status" >&2; return 1; }
  result_setting "sweep file" "$seeds_file"
  result_setting "steps per trial" "$(steps_setting "$file")"
  result_setting "cluster" "build/slurm/one-node.sh, CPUs=$(nproc), one CPU per task"
  result_setting "load" "$l0 -> $l1"
  result_figure "rlarena sweep --executor slurm" "sweep wall time (start to all done)" "$wall" s lower
  local core; core="$(stat_of cores_per_trial "$stats")"
  [[ -n "$core" ]] && result_figure "rlarena sweep trial (Slurm)" "cores used per trial (CPU / wall)" "$core" cores lower
  result_end
}

part_halving() {
  local file; file="$(prepare "$halving_file" halving)"
  local sh="$out/halving" full="$out/full-budget" s_sh s_full p_sh p_full l0 l1
  echo
  echo "== halving: $halving_file with successive halving, then every configuration to the full budget (--workers 2) =="
  begin sweep-halving "Successive halving against the full budget on a $(sed -nE 's/^configurations: +([0-9]+).*/\1/p' "$file")-configuration PPO CartPole search: steps, wall time, and the configuration each picks"
  l0="$(load)"
  start_sweep "$file" "$sh" --workers 2 || return 1
  local wall_sh="$RUN_WALL"
  start_sweep "$file" "$full" --workers 2 --no-halving || return 1
  local wall_full="$RUN_WALL"
  l1="$(load)"
  s_sh="$("$python" bench/sweeps/sweep_stats.py trials "$sh")" || return 1
  s_full="$("$python" bench/sweeps/sweep_stats.py trials "$full")" || return 1
  for d in "$sh" "$full"; do
    "${rl[@]}" sweep report "$d" >"$d.report.log" 2>&1 || { tail -5 "$d.report.log" >&2; echo "bench/sweeps: sweep report $d failed" >&2; return 1; }
  done
  p_sh="$("$python" bench/sweeps/sweep_stats.py pick "$sh/report/report.json" "$full/report/report.json")" || return 1
  p_full="$("$python" bench/sweeps/sweep_stats.py pick "$full/report/report.json")" || return 1
  local steps_sh steps_full pick_sh pick_full same saved
  steps_sh="$(stat_of total_steps "$s_sh")"; steps_full="$(stat_of total_steps "$s_full")"
  pick_sh="$(stat_of best "$p_sh")"; pick_full="$(stat_of best "$p_full")"
  same=no; [[ "$pick_sh" == "$pick_full" ]] && same=yes
  saved="$(awk -v a="$steps_sh" -v b="$steps_full" 'BEGIN { printf "%.1f", 100 * (1 - a / b) }')"
  echo "Successive halving: $steps_sh env steps in $wall_sh s, picks $pick_sh (IQM $(stat_of best_iqm "$p_sh"))"
  echo "Full budget:        $steps_full env steps in $wall_full s, picks $pick_full (IQM $(stat_of best_iqm "$p_full"); $(stat_of ties_at_top "$p_full") configuration(s) tie at the top)"
  echo "Halving trains ${saved}% fewer steps; same pick: $same" \
    "$([[ $same == no ]] && echo "(halving's pick ranks $(stat_of other_rank "$p_sh") at the full budget with IQM $(stat_of other_iqm "$p_sh"))")"
  result_setting "sweep file" "$halving_file"
  result_setting "configurations" "$(sed -nE 's/^configurations: +([0-9]+).*/\1/p' "$file")"
  result_setting "steps per configuration" "$(steps_setting "$file") (halving from $(sed -nE 's/^ +min_steps: +([0-9]+).*/\1/p' "$file"))"
  result_setting "workers" 2
  result_setting "load" "$l0 -> $l1"
  result_setting "successive halving picks" "$pick_sh"
  result_setting "full budget picks" "$pick_full"
  result_setting "same pick" "$same"
  result_setting "configurations tied at the top (full budget)" "$(stat_of other_ties_at_top "$p_sh")"
  result_setting "full-budget rank of halving's pick" "$(stat_of other_rank "$p_sh")"
  result_figure "rlarena successive halving" "env steps" "$steps_sh" steps lower
  result_figure "rlarena full budget" "env steps" "$steps_full" steps lower
  result_figure "rlarena successive halving" "wall time" "$wall_sh" s lower
  result_figure "rlarena full budget" "wall time" "$wall_full" s lower
  result_figure "rlarena successive halving" "steps saved" "$saved" % higher
  result_figure "rlarena successive halving" "best IQM" "$(stat_of best_iqm "$p_sh")" return higher
  result_figure "rlarena full budget" "best IQM" "$(stat_of best_iqm "$p_full")" return higher
  result_end
}

status=0
for part in "${parts[@]}"; do
  "part_$part" || status=1
done
exit "$status"
