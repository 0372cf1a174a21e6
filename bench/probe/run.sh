#!/usr/bin/env bash
# Hostile-input probe for the rlarena CLI: runs 200+ cases of bad flags, out-of-range values for every config key,
# bad and corrupt files, missing and unreadable paths, plugins that are not assemblies, diverging runs and signals,
# across every command (info, mnist train/eval/predict, train, eval, watch, play, envs, check-env), each with a short
# timeout, and classifies each one:
#   GOOD  the exit code is the expected kind (1 or 2 for an error, 0 for a valid control case, 130/143 after a signal),
#         errors are ONE "rlarena: error:" line (plus the usage hint for exit 2), no trace, and no protected file changed
#   BAD   a trace, an "internal error", exit 134/139, a hang (timeout), nonsense accepted silently (exit 0), more than
#         one error line, or a protected file (checkpoint, config, data) changed or deleted
# It prints one row per case, then the totals. Not part of CI (a bench script); it takes a few minutes.
#
#   bench/probe/run.sh                 # builds src/Cli (Release) when needed, then probes it
#   RLARENA_DLL=path/rlarena.dll bench/probe/run.sh   # probe another build
#   PROBE_KEEP=1 bench/probe/run.sh    # keep the scratch folder (printed at the end) to look at the outputs
#
# Exit status: 0 when every case is GOOD, 1 otherwise.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dll="${RLARENA_DLL:-$root/src/Cli/bin/Release/net10.0/rlarena.dll}"
if [ -z "${RLARENA_DLL:-}" ]; then
  echo "probe: building src/Cli (Release)..." >&2
  dotnet build "$root/src/Cli/RLArena.Cli.csproj" -c Release --nologo -v q -clp:ErrorsOnly >&2 || { echo "probe: build failed" >&2; exit 1; }
fi
work="$(mktemp -d /tmp/rlarena-probe.XXXXXX)"
cd "$work" || exit 1
T=${PROBE_TIMEOUT:-60}
good=0; bad=0; total=0
declare -a bad_rows=()

rl() { timeout -k 5 "$T" dotnet "$dll" "$@"; }

# classify NAME EXPECT RC OUTFILE [PROTECTED...]
# EXPECT: err (exit 1 or 2), ok (exit 0), any (0, or a one-line error), sig (130 or 143), or a literal code.
classify() {
  local name="$1" expect="$2" rc="$3" out="$4"; shift 4
  local why=""
  local errors; errors=$(grep -c "rlarena: error:" "$out")
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then why="hang (timeout ${T}s)"
  elif [ "$rc" = 134 ] || [ "$rc" = 139 ]; then why="abort/segfault (exit $rc)"
  elif grep -qE "^\s+at [A-Za-z_.]+.*\(|Unhandled exception|internal error \(a bug" "$out"; then why="trace or internal error"
  elif [ "$errors" -gt 1 ]; then why="$errors error lines"
  else
    case "$expect" in
      err) if [ "$rc" = 0 ]; then why="accepted silently (exit 0)"; elif [ "$rc" != 1 ] && [ "$rc" != 2 ]; then why="exit $rc"; elif [ "$errors" != 1 ]; then why="no error line"; fi ;;
      ok)  [ "$rc" = 0 ] || why="expected exit 0, got $rc" ;;
      any) if [ "$rc" != 0 ] && { [ "$rc" -gt 2 ] || [ "$errors" != 1 ]; }; then why="exit $rc"; fi ;;
      sig) [ "$rc" = 130 ] || [ "$rc" = 143 ] || why="expected 130/143 after the signal, got $rc" ;;
      *)   [ "$rc" = "$expect" ] || why="expected exit $expect, got $rc" ;;
    esac
  fi
  for f in "$@"; do
    local before="${f%%=*}" path="${f#*=}"
    local now; now=$(md5sum < "$path" 2>/dev/null | cut -d' ' -f1 || echo missing)
    [ "$now" = "$before" ] || why="${why:+$why; }protected file changed: $path"
  done
  total=$((total + 1))
  local first; first=$(grep -m1 "rlarena: error:" "$out" | cut -c1-150)
  [ -z "$first" ] && first=$(grep -m1 -i "note:" "$out" | cut -c1-150)
  if [ -z "$why" ]; then good=$((good + 1)); printf '%-4s GOOD exit %-3s %-46s %s\n' "$total" "$rc" "$name" "$first"
  else bad=$((bad + 1)); bad_rows+=("$name: $why"); printf '%-4s BAD  exit %-3s %-46s %s  <-- %s\n' "$total" "$rc" "$name" "$first" "$why"; fi
}

sum() { md5sum < "$1" | cut -d' ' -f1; }

# run NAME EXPECT [--protect FILE]... -- ARGS...
run() {
  local name="$1" expect="$2"; shift 2
  local protected=()
  while [ "$1" = "--protect" ]; do protected+=("$(sum "$2")=$2"); shift 2; done
  [ "$1" = "--" ] && shift
  local out="$work/out.$((total + 1)).txt"
  rl "$@" > "$out" 2>&1 < /dev/null
  classify "$name" "$expect" "$?" "$out" "${protected[@]}"
}

# ---------------------------------------------------------------- fixtures
echo "probe: preparing fixtures in $work" >&2
mkdir -p data ro empty runs
python3 - <<'PY'
import gzip, random, struct
random.seed(0)
def images(n):
    out = bytearray(struct.pack(">IIII", 2051, n, 28, 28))
    labels = bytearray(struct.pack(">II", 2049, n))
    for i in range(n):
        c = i % 10
        img = bytearray(784)
        r, k = 3 + c // 5 * 14, 1 + c % 5 * 5
        for y in range(r, r + 10):
            for x in range(k, k + 4): img[y * 28 + x] = 255
        out += img; labels.append(c)
    return bytes(out), bytes(labels)
for prefix, n in (("train", 200), ("t10k", 50)):
    im, lb = images(n)
    open(f"data/{prefix}-images-idx3-ubyte", "wb").write(im)
    open(f"data/{prefix}-labels-idx1-ubyte", "wb").write(lb)
open("notimage.png", "w").write("this is text, not a PNG\n")
open("notplugin.dll", "w").write("MZ but not really an assembly\n")
open("bad.yaml", "w").write("learning_rate: [1, 2\n  : : :\n")
open("unknown.yaml", "w").write("learnin_rate: 0.001\n")
open("nan.yaml", "w").write("learning_rate: .nan\n")
open("empty.yaml", "w").write("")
open("random.ckpt", "wb").write(bytes(random.getrandbits(8) for _ in range(4096)))
open("empty.ckpt", "wb").write(b"")
PY
echo "epochs: 0" > mnist-bad.yaml
echo "not a folder" > runsfile
# An unreadable / unwritable place: a mode-000 folder, or (as root, who may read anything) a path under a plain file.
if [ "$(id -u)" = 0 ]; then RO=runsfile; else RO=ro; chmod 000 ro; fi
# A real agent checkpoint (PPO, 256 steps) and a real classifier checkpoint (1 epoch on the generated data).
rl train --steps 256 --set num_steps=32 --runs runs/good --eval-episodes 0 > fixture-train.txt 2>&1 || { cat fixture-train.txt; echo "probe: fixture train failed" >&2; }
agent_run=$(ls -d runs/good/*/ 2>/dev/null | head -1); agent_ckpt="${agent_run}checkpoint.ckpt"
rl mnist --data data --no-download --dataset mnist --epochs 1 --runs runs/mnist > fixture-mnist.txt 2>&1 || { cat fixture-mnist.txt; echo "probe: fixture mnist failed" >&2; }
mnist_ckpt=$(ls runs/mnist/*/model.ckpt 2>/dev/null | head -1)
cp "$agent_ckpt" truncated.ckpt 2>/dev/null && truncate -s $(( $(stat -c %s truncated.ckpt) / 2 )) truncated.ckpt
cp "$agent_ckpt" flipped.ckpt 2>/dev/null && printf '\xff' | dd of=flipped.ckpt bs=1 seek=$(( $(stat -c %s flipped.ckpt) - 100 )) conv=notrunc status=none
cp "$mnist_ckpt" mnist-truncated.ckpt 2>/dev/null && truncate -s 300 mnist-truncated.ckpt
python3 -c "
import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
rows = b''.join(b'\x00' + bytes(255 if 10 <= x < 18 and 4 <= y < 24 else 0 for x in range(28)) for y in range(28))
open('good.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 28, 28, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
open('huge.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1000000, 1000000, 8, 0, 0, 0, 0)) + chunk(b'IEND', b''))
"
: > zero.png

# ---------------------------------------------------------------- top level and bad flags on every command
run "no arguments" any --
run "unknown command" err -- fly
run "--version" ok -- --version
run "info" ok -- info
run "info bad flag" err -- info --bogus
for c in "mnist" "mnist train" "mnist eval" "mnist predict x.png" "train" "eval" "watch" "play" "envs" "check-env cartpole"; do
  # shellcheck disable=SC2086
  run "$c --no-such-flag" err -- $c --no-such-flag
done
run "train --steps (no value)" err -- train --steps
run "train --steps abc" err -- train --steps abc
run "train --steps 0" err -- train --steps 0
run "train --steps -5" err -- train --steps -5
run "train --steps 1e20" err -- train --steps 100000000000000000000
run "train --envs 0" err -- train --envs 0
run "train --envs 100000" err -- train --envs 100000
run "train --seed -1" err -- train --seed -1
run "train --seed 2147483648" err -- train --seed 2147483648
run "train --algo bogus" err -- train --algo bogus
run "train --device tpu" err -- train --device tpu --steps 256
run "train --device cuda:99" err -- train --device cuda:99 --steps 256
run "train --eval-episodes -1" err -- train --eval-episodes -1
run "train --record-every 0" err -- train --record out.gif --record-every 0
run "train --record out.xyz" err -- train --record out.xyz --steps 256
run "train --set noequals" err -- train --set learning_rate
run "train --set =1" err -- train --set =1
run "train --set unknown key" err -- train --set learnin_rate=0.1
run "train --resume + --seed" err -- train --resume runs --seed 3

# ---------------------------------------------------------------- every PPO and DQN key out of range
ppo_keys="seed:-1:2147483648 total_timesteps:0:abc num_envs:0:5000 checkpoint_every:-1:abc torch_threads:-1:2000 num_steps:0:2000000
learning_rate:0:11 adam_eps:0:2 gamma:-0.1:1.5 gae_lambda:-0.1:1.1 num_minibatches:0:2000000 update_epochs:0:20000 clip_coef:0:-0.2
ent_coef:-1:101 vf_coef:-1:101 max_grad_norm:-1:2e6 target_kl:-1:2e6 hidden:0:0,64 activation:gelu:1 anneal_lr:maybe:2
norm_adv:maybe:2 clip_vloss:maybe:2 anneal_clip:maybe:2"
for spec in $ppo_keys; do
  IFS=: read -r key low high <<< "$spec"
  steps=(--steps 512); [ "$key" = total_timesteps ] && steps=()   # --steps is total_timesteps, and a flag wins over --set
  run "ppo $key=$low" err -- train --set "$key=$low" "${steps[@]}"
  run "ppo $key=$high" err -- train --set "$key=$high" "${steps[@]}"
done
for key in learning_rate adam_eps gamma gae_lambda clip_coef ent_coef vf_coef max_grad_norm target_kl; do
  run "ppo $key=nan" err -- train --set "$key=nan" --steps 512
  run "ppo $key=inf" err -- train --set "$key=Infinity" --steps 512
done
dqn_keys="learning_rate:0:11 adam_eps:0:2 buffer_size:0:200000000 gamma:-1:2 tau:0:1.5 target_network_frequency:0:abc
batch_size:0:2000000 start_e:-0.1:1.5 end_e:-0.1:1.5 exploration_fraction:-0.1:1.5 learning_starts:-1:abc train_frequency:0:abc
gradient_steps:0:20000 hidden:0:70000 loss:l1:1 double_q:maybe:2 max_grad_norm:-1:2e6"
for spec in $dqn_keys; do
  IFS=: read -r key low high <<< "$spec"
  run "dqn $key=$low" err -- train --algo dqn --set "$key=$low" --steps 2000
  run "dqn $key=$high" err -- train --algo dqn --set "$key=$high" --steps 2000
done
for key in learning_rate gamma tau start_e exploration_fraction; do
  run "dqn $key=nan" err -- train --algo dqn --set "$key=NaN" --steps 2000
done
# Rules between keys.
run "dqn batch_size > buffer_size" err -- train --algo dqn --set batch_size=512 --set buffer_size=100 --steps 2000
run "dqn learning_starts >= steps" err -- train --algo dqn --set learning_starts=5000 --steps 2000
run "dqn end_e > start_e" err -- train --algo dqn --set start_e=0.1 --set end_e=0.9 --steps 2000
run "ppo rollout > total_timesteps" err -- train --steps 100
run "ppo num_envs*num_steps huge" err -- train --set num_envs=4096 --set num_steps=1000000 --steps 1000
run "ppo num_minibatches > rollout" err -- train --set num_minibatches=1000 --steps 512
run "ppo seed + num_envs overflow" err -- train --seed 2147483647 --envs 8 --steps 512
# Environment options.
for env in "bogus" "" "cartpole:foo=1" "gridworld:size=0" "gridworld:size=100000" "gridworld:goals=-1" "gridworld:obs=bogus" "gridworld:size=abc" "gridworld:" "gridworld:size"; do
  run "train --env '$env'" err -- train --env "$env" --steps 512
done
# Config files.
run "train --config missing" err -- train --config missing.yaml
run "train --config a folder" err -- train --config empty
run "train --config broken yaml" err -- train --config bad.yaml
run "train --config unknown key" err --protect unknown.yaml -- train --config unknown.yaml
run "train --config nan value" err -- train --config nan.yaml
run "train --config unreadable" err -- train --config $RO/x.yaml
run "train --config mnist file" err -- train --config mnist-bad.yaml
# Run folders and resume.
run "train --runs is a file" err --protect runsfile -- train --runs runsfile --steps 256 --set num_steps=32
run "train --runs unwritable" err -- train --runs $RO/runs --steps 256 --set num_steps=32
run "train --resume missing" err -- train --resume nowhere
run "train --resume empty folder" err -- train --resume empty
run "train --resume a file" err -- train --resume runsfile
run "train --resume fewer steps" err --protect "$agent_ckpt" -- train --resume "$agent_run" --steps 10
mkdir -p corrupt-run && cp random.ckpt corrupt-run/checkpoint.ckpt
run "train --resume corrupt checkpoint" err --protect corrupt-run/checkpoint.ckpt -- train --resume corrupt-run
mkdir -p trunc-run && cp truncated.ckpt trunc-run/checkpoint.ckpt
run "train --resume truncated checkpoint" err --protect trunc-run/checkpoint.ckpt -- train --resume trunc-run
mkdir -p flip-run && cp flipped.ckpt flip-run/checkpoint.ckpt
run "train --resume bit-flipped checkpoint" err --protect flip-run/checkpoint.ckpt -- train --resume flip-run
# Steps that are not a multiple of the rollout: trained, and said so in one line.
out="$work/note.txt"; rl train --steps 300 --set num_steps=32 --runs runs/note --eval-episodes 0 > "$out" 2>&1; rc=$?
if [ "$rc" = 0 ] && ! grep -q "Note: total_timesteps=300 is not a multiple of the rollout size 256" "$out"; then rc=99; fi
classify "ppo --steps 300 says 256 are trained" ok "$rc" "$out"
out="$work/note2.txt"; rl train --algo dqn --envs 3 --steps 1000 --set learning_starts=100 --runs runs/note --eval-episodes 0 > "$out" 2>&1; rc=$?
if [ "$rc" = 0 ] && ! grep -q "Note: total_timesteps=1,000 is not a multiple of num_envs=3" "$out"; then rc=99; fi
classify "dqn --envs 3 --steps 1000 says 1,002" ok "$rc" "$out"
# Plugins.
run "train --plugin missing" err -- train --plugin missing.dll --steps 256
run "train --plugin not an assembly" err --protect notplugin.dll -- train --plugin notplugin.dll --steps 256
run "train --plugin a folder" err -- train --plugin empty --steps 256
run "train --plugin text file" err -- train --plugin bad.yaml --steps 256
run "envs --plugin not an assembly" err -- envs --plugin notplugin.dll
run "check-env --plugin not an assembly" err -- check-env cartpole --plugin notplugin.dll
run "eval --plugin missing" err -- eval --checkpoint "$agent_ckpt" --plugin missing.dll
run "watch --plugin not an assembly" err -- watch --random --env cartpole --plugin notplugin.dll --record frames/
run "play --plugin not an assembly" err -- play --env cartpole --plugin notplugin.dll
RLARENA_PLUGINS=notplugin.dll run "RLARENA_PLUGINS not an assembly" err -- envs

# ---------------------------------------------------------------- eval
run "eval (no checkpoint)" err -- eval
run "eval --checkpoint missing" err -- eval --checkpoint missing.ckpt
run "eval --checkpoint random bytes" err --protect random.ckpt -- eval --checkpoint random.ckpt
run "eval --checkpoint empty file" err -- eval --checkpoint empty.ckpt
run "eval --checkpoint truncated" err --protect truncated.ckpt -- eval --checkpoint truncated.ckpt
run "eval --checkpoint bit-flipped" err --protect flipped.ckpt -- eval --checkpoint flipped.ckpt
run "eval --checkpoint a folder without one" err -- eval --checkpoint empty
run "eval --checkpoint unreadable" err -- eval --checkpoint $RO/x.ckpt
run "eval --checkpoint mnist model" err --protect "$mnist_ckpt" -- eval --checkpoint "$mnist_ckpt"
run "eval --checkpoint a yaml" err -- eval --checkpoint bad.yaml
run "eval --episodes 0" err -- eval --checkpoint "$agent_ckpt" --episodes 0
run "eval --episodes -3" err -- eval --checkpoint "$agent_ckpt" --episodes -3
run "eval --seed -1" err -- eval --checkpoint "$agent_ckpt" --seed -1
run "eval --device tpu" err -- eval --checkpoint "$agent_ckpt" --device tpu
run "eval --record bad extension" err -- eval --checkpoint "$agent_ckpt" --record out.xyz
run "eval --record-episodes 0" err -- eval --checkpoint "$agent_ckpt" --record out.gif --record-episodes 0
run "eval --record into unwritable" err -- eval --checkpoint "$agent_ckpt" --record $RO/out.gif
run "eval good checkpoint" ok --protect "$agent_ckpt" -- eval --checkpoint "$agent_ckpt" --episodes 2
run "eval good run folder" ok -- eval --checkpoint "$agent_run" --episodes 2

# ---------------------------------------------------------------- watch and play (no display here)
run "watch (nothing to watch)" err -- watch
run "watch --random no env" err -- watch --random
run "watch --random and --checkpoint" err -- watch --random --env cartpole --checkpoint "$agent_ckpt"
run "watch --env bogus" err -- watch --random --env bogus --record frames/
run "watch --checkpoint corrupt" err --protect random.ckpt -- watch --checkpoint random.ckpt --record frames/
run "watch --checkpoint truncated" err -- watch --checkpoint truncated.ckpt --record frames/
run "watch --episodes 0" err -- watch --random --env cartpole --episodes 0 --record frames/
run "watch --fps 0" err -- watch --random --env cartpole --fps 0 --record frames/
run "watch --fps -5" err -- watch --random --env cartpole --fps -5 --record frames/
run "watch --speed 0" err -- watch --random --env cartpole --speed 0
run "watch --size 0x0" err -- watch --random --env cartpole --size 0x0 --record frames/
run "watch --size huge" err -- watch --random --env cartpole --size 100000x100000 --record frames/
run "watch --size abc" err -- watch --random --env cartpole --size abc
run "watch --seconds -1" err -- watch --random --env cartpole --seconds -1
run "watch --seed -1" err -- watch --random --env cartpole --seed -1
run "watch --record bad extension" err -- watch --random --env cartpole --record out.xyz
run "watch --record unwritable" err -- watch --random --env cartpole --record $RO/out.gif
run "watch --raylib missing" err -- watch --random --env cartpole --raylib missing.so
run "watch --raylib not a library" err -- watch --random --env cartpole --raylib bad.yaml
run "watch no display" err -- watch --random --env cartpole
run "watch --record works" ok -- watch --random --env cartpole --episodes 1 --record frames-ok/
run "play (no env)" err -- play
run "play --env bogus" err -- play --env bogus
run "play --seed -1" err -- play --env cartpole --seed -1
run "play --size huge" err -- play --env cartpole --size huge
run "play --seconds 0" err -- play --env cartpole --seconds 0
run "play --raylib missing" err -- play --env cartpole --raylib missing.so
run "play no display" err -- play --env cartpole

# ---------------------------------------------------------------- envs and check-env
run "envs" ok -- envs
run "envs extra argument" err -- envs cartpole extra
run "check-env (no env)" err -- check-env
run "check-env bogus" err -- check-env bogus
run "check-env bad option" err -- check-env "gridworld:size=0"
run "check-env --episodes 0" err -- check-env cartpole --episodes 0
run "check-env --seed -1" err -- check-env cartpole --seed -1
run "check-env cartpole" ok -- check-env cartpole --episodes 2

# ---------------------------------------------------------------- mnist train: every key out of range
M=(--data data --no-download --runs runs/m)
for spec in "epochs:0" "epochs:-1" "epochs:1000000" "batch-size:0" "batch-size:-1" "batch-size:2000000" "lr:0" "lr:-1" "lr:nan" \
            "lr:inf" "lr:1e7" "momentum:1" "momentum:-0.1" "momentum:nan" "hidden:0" "hidden:abc" "hidden:64,0" "hidden:70000" \
            "seed:-1" "seed:2147483648" "threads:-1" "threads:5000" "log-interval:0" "test-batch-size:0" "test-batch-size:-1" \
            "dataset:cifar" "device:tpu" "optimizer:rmsprop"; do
  key="${spec%%:*}"; value="${spec#*:}"
  run "mnist --$key $value" err -- mnist "${M[@]}" "--$key" "$value"
done
for spec in "epochs=0" "batch_size=0" "lr=0" "lr=NaN" "momentum=1" "hidden=" "seed=-1" "threads=-1" "log_interval=0" "test_batch_size=0" "bogus=1"; do
  run "mnist --set $spec" err -- mnist "${M[@]}" --set "$spec"
done
run "mnist --set runs_dir=" err -- mnist --data data --no-download --set "runs_dir="
run "mnist --config missing" err -- mnist --config missing.yaml
run "mnist --config broken" err -- mnist --config bad.yaml
run "mnist --config unknown key" err -- mnist --config unknown.yaml
run "mnist --config bad value" err -- mnist --config mnist-bad.yaml
run "mnist --data missing" err -- mnist --data missing --no-download
run "mnist --data empty folder" err -- mnist --data empty --no-download
run "mnist --data is a file" err -- mnist --data bad.yaml --no-download
run "mnist --data unreadable" err -- mnist --data $RO --no-download
run "mnist --runs is a file" err --protect runsfile -- mnist --data data --no-download --runs runsfile --epochs 1
run "mnist --runs and --runs-dir disagree" err -- mnist --runs a --runs-dir b
mkdir -p corrupt-data && cp data/* corrupt-data/ && truncate -s 1000 corrupt-data/train-images-idx3-ubyte
run "mnist truncated IDX" err --protect corrupt-data/t10k-images-idx3-ubyte -- mnist --data corrupt-data --no-download --runs runs/m
mkdir -p swapped-data && cp data/* swapped-data/ && cp data/t10k-labels-idx1-ubyte swapped-data/train-labels-idx1-ubyte
run "mnist labels count mismatch" err -- mnist --data swapped-data --no-download --runs runs/m
run "mnist diverging (lr 1e6)" 1 -- mnist --data data --no-download --runs runs/div --lr 1e6 --momentum 0 --epochs 3 --batch-size 1
run "mnist adam lr 1e6 (bounded steps)" any -- mnist --data data --no-download --runs runs/div --optimizer adam --lr 1e6 --epochs 3 --batch-size 1
run "mnist 1 epoch works" ok -- mnist --data data --no-download --runs runs/m --epochs 1

# ---------------------------------------------------------------- mnist eval / predict
run "mnist eval (no checkpoint)" err -- mnist eval --data data --no-download
run "mnist eval missing" err -- mnist eval --checkpoint missing.ckpt --data data --no-download
run "mnist eval random bytes" err --protect random.ckpt -- mnist eval --checkpoint random.ckpt --data data --no-download
run "mnist eval empty file" err -- mnist eval --checkpoint empty.ckpt --data data --no-download
run "mnist eval truncated" err --protect mnist-truncated.ckpt -- mnist eval --checkpoint mnist-truncated.ckpt --data data --no-download
run "mnist eval agent checkpoint" err --protect "$agent_ckpt" -- mnist eval --checkpoint "$agent_ckpt" --data data --no-download
run "mnist eval a folder" err -- mnist eval --checkpoint empty --data data --no-download
run "mnist eval unreadable" err -- mnist eval --checkpoint $RO/x.ckpt --data data --no-download
run "mnist eval --threads -1" err -- mnist eval --checkpoint "$mnist_ckpt" --data data --no-download --threads -1
run "mnist eval --device tpu" err -- mnist eval --checkpoint "$mnist_ckpt" --data data --no-download --device tpu
run "mnist eval --confusion-png unwritable" err -- mnist eval --checkpoint "$mnist_ckpt" --data data --no-download --confusion-png $RO/c.png
run "mnist eval --data missing" err -- mnist eval --checkpoint "$mnist_ckpt" --data missing --no-download
run "mnist eval works" ok --protect "$mnist_ckpt" -- mnist eval --checkpoint "$mnist_ckpt" --data data --no-download
run "mnist predict (no images)" err -- mnist predict --checkpoint "$mnist_ckpt"
run "mnist predict missing image" err -- mnist predict missing.png --checkpoint "$mnist_ckpt"
run "mnist predict text as png" err --protect notimage.png -- mnist predict notimage.png --checkpoint "$mnist_ckpt"
run "mnist predict zero-byte png" err -- mnist predict zero.png --checkpoint "$mnist_ckpt"
run "mnist predict 1e6x1e6 header" err -- mnist predict huge.png --checkpoint "$mnist_ckpt"
run "mnist predict a folder" err -- mnist predict empty --checkpoint "$mnist_ckpt"
run "mnist predict unreadable" err -- mnist predict $RO/x.png --checkpoint "$mnist_ckpt"
run "mnist predict corrupt checkpoint" err -- mnist predict notimage.png --checkpoint random.ckpt
run "mnist predict agent checkpoint" err -- mnist predict notimage.png --checkpoint "$agent_ckpt"
run "mnist predict --top 0" err -- mnist predict notimage.png --checkpoint "$mnist_ckpt" --top 0
run "mnist predict --top 11" err -- mnist predict good.png --checkpoint "$mnist_ckpt" --top 11
run "mnist predict two bad images" err -- mnist predict notimage.png zero.png --checkpoint "$mnist_ckpt"
run "mnist predict works" ok --protect good.png -- mnist predict good.png --checkpoint "$mnist_ckpt" --top 3

# ---------------------------------------------------------------- diverging RL runs (one line or a finished run)
run "ppo learning_rate=10 ent_coef=100" any -- train --steps 2048 --set num_steps=32 --set learning_rate=10 --set ent_coef=100 --set max_grad_norm=0 --runs runs/div --eval-episodes 0
run "dqn learning_rate=10" any -- train --algo dqn --steps 3000 --set learning_starts=200 --set learning_rate=10 --runs runs/div --eval-episodes 0

# ---------------------------------------------------------------- signals: stop cleanly, keep a checkpoint that loads
signal_case() {
  local name="$1" signal="$2" after="$3"; shift 3
  local out="$work/out.sig.$((total + 1)).txt"
  timeout -k 5 "$T" dotnet "$dll" "$@" > "$out" 2>&1 < /dev/null &
  local pid=$!
  sleep "$after"
  # The child of timeout is dotnet; signal it.
  local child; child=$(pgrep -P "$pid" | head -1)
  kill "-$signal" "${child:-$pid}" 2>/dev/null
  wait "$pid"; local rc=$?
  classify "$name" sig "$rc" "$out"
}
signal_case "train SIGINT mid-run" INT 6 train --steps 50000000 --set num_steps=64 --runs runs/sig --eval-episodes 0
sig_ckpt=$(ls -t runs/sig/*/checkpoint.ckpt 2>/dev/null | head -1)
run "eval the SIGINT checkpoint" ok -- eval --checkpoint "${sig_ckpt:-missing}" --episodes 1
signal_case "train SIGTERM mid-run" TERM 6 train --algo dqn --steps 50000000 --runs runs/sig2 --eval-episodes 0
sig_run=$(ls -td runs/sig2/*/ 2>/dev/null | head -1)
sig_steps=$(grep -ho "Interrupted: [0-9,]* steps" "$work"/out.sig.*.txt 2>/dev/null | tail -1 | tr -dc 0-9)
run "resume the SIGTERM run" ok -- train --resume "${sig_run:-missing}" --steps $(( ${sig_steps:-0} + 2000 )) --eval-episodes 0
signal_case "mnist SIGINT mid-epoch" INT 5 mnist --data data --no-download --runs runs/sig3 --epochs 100000 --batch-size 1
signal_case "train SIGINT at start" INT 1 train --steps 50000000 --runs runs/sig4 --eval-episodes 0 --set num_steps=64

chmod 700 ro 2>/dev/null
echo
echo "cases: $total   GOOD: $good   BAD: $bad"
for row in "${bad_rows[@]}"; do echo "  BAD  $row"; done
if [ -n "${PROBE_KEEP:-}" ]; then echo "outputs kept in $work"; else rm -rf "$work"; fi
[ "$bad" = 0 ]
