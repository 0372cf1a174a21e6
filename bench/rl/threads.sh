#!/usr/bin/env bash
# Torch intra-op threads: 1 vs 2 for PPO and DQN with CleanRL's settings (100k steps each), steps/s including updates.
# Records the figures as JSON in bench/results/ (rl-threads-*.json) for bench/report.sh.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/results.sh
source bench/lib/results.sh
result_begin rl-threads "Torch intra-op threads, 1 vs 2: CartPole-v1 with CleanRL's settings, 100k steps, steps/s including updates"
result_setting steps 100000
out="$(mktemp -d /tmp/rlarena-threads.XXXXXX)"
echo "torch threads benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for algo in ppo dqn; do
  for threads in 1 2; do
    line="$(./rlarena train --algo "$algo" --env cartpole --seed 1 --config "bench/rl/cleanrl-$algo.yaml" --steps 100000 \
      --set torch_threads="$threads" --eval-episodes 0 --runs "$out" 2>&1 | grep -E '^Done:')"
    printf '%s  torch_threads %s: %s\n' "$algo" "$threads" "$(sed -nE 's/.*\(([0-9,]+ steps\/s)\).*/\1/p' <<<"$line")"
    sps="$(sed -nE 's/.*\(([0-9,]+) steps\/s\).*/\1/p' <<<"$line" | tr -d ,)"
    [ -n "$sps" ] && result_figure "rlarena $algo, torch_threads $threads" "${algo^^} throughput" "$sps" steps/s higher
  done
done
result_end
