#!/usr/bin/env bash
# Side-by-side: the PyTorch MNIST tutorial (unchanged), PyTorch with the data held as one tensor, and
# `rlarena mnist` (faithful defaults), all 10 epochs on the same data (Fashion-MNIST from Debian's
# dataset-fashion-mnist, laid out where torchvision's MNIST class looks: ./data/MNIST/raw). Prints each wall time
# (start-up and data loading included) and the ratios.
#
#   bench/mnist/run.sh [REPEATS]     (default 1; with more, the best time of each is compared)
#
# Needs Debian's python3-torch python3-torchvision libopenblas0-pthread dataset-fashion-mnist (installed when
# missing and run as root). Uses Debian's /usr/bin/python3, not a python earlier on PATH.
set -euo pipefail
repeats="${1:-1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3
# shellcheck source=../lib/results.sh
source "$here/../lib/results.sh"
packages=(python3-torch python3-torchvision libopenblas0-pthread dataset-fashion-mnist)

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: please install ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "bench: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work="${TMPDIR:-/tmp}/rlarena-bench-mnist"
raw="$work/data/MNIST/raw"
mkdir -p "$raw"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  # torchvision's MNIST class reads the unzipped files in ROOT/MNIST/raw and downloads nothing when they are there.
  [ -f "$raw/$f" ] || gunzip -c "/usr/share/datasets/fashion-mnist/$f.gz" > "$raw/$f"
done
cp "$here/tutorial.py" "$here/tutorial_tensor.py" "$work/"

echo "bench: building rlarena (not timed)" >&2
"$root/rlarena" info >/dev/null

now() { date +%s.%N; }
best_tutorial=""; best_tensor=""; best_rlarena=""
min() { if [ -z "$1" ]; then echo "$2"; else awk -v a="$1" -v b="$2" 'BEGIN { print (b < a) ? b : a }'; fi; }
accuracy() { grep -o 'test images: [0-9.]*%' "$1" | tail -n 1 | sed 's/test images: //'; }

cd "$work"
result_begin mnist "MNIST tutorial, 10 epochs on Fashion-MNIST (60,000/10,000), wall time incl. start-up and data loading"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); torch $($python -c 'import torch; print(torch.__version__, "threads", torch.get_num_threads())')" >&2
for run in $(seq 1 "$repeats"); do
  t0=$(now); $python tutorial.py > tutorial.log; t1=$(now)
  tutorial=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  t0=$(now); $python tutorial_tensor.py > tensor.log; t1=$(now)
  tensor=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  t0=$(now); "$root/rlarena" mnist --data "$work/data" --runs "$work/runs" > rlarena.log; t1=$(now)
  rlarena=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "run $run: tutorial ${tutorial} s ($(accuracy tutorial.log)), one-tensor PyTorch ${tensor} s ($(accuracy tensor.log)), rlarena ${rlarena} s ($(accuracy rlarena.log))" >&2
  best_tutorial=$(min "$best_tutorial" "$tutorial"); best_tensor=$(min "$best_tensor" "$tensor"); best_rlarena=$(min "$best_rlarena" "$rlarena")
done

echo
echo "MNIST tutorial, 10 epochs on Fashion-MNIST (60,000/10,000), wall time incl. start-up and data loading (best of $repeats):"
printf "  %-48s %7.2f s   test accuracy (last run) %s\n" "PyTorch tutorial (torchvision DataLoader)" "$best_tutorial" "$(accuracy tutorial.log)"
printf "  %-48s %7.2f s   test accuracy (last run) %s\n" "PyTorch, dataset held as one tensor" "$best_tensor" "$(accuracy tensor.log)"
printf "  %-48s %7.2f s   test accuracy (last run) %s\n" "rlarena mnist (faithful defaults)" "$best_rlarena" "$(accuracy rlarena.log)"
awk -v a="$best_tutorial" -v b="$best_tensor" -v c="$best_rlarena" '
  function ratio(peer) { return peer >= c ? sprintf("%.2fx faster than", peer / c) : sprintf("%.2fx slower than", c / peer) }
  BEGIN { printf "  rlarena is %s the tutorial and %s one-tensor PyTorch\n", ratio(a), ratio(b) }'

torch_version="$($python -c 'import torch; print(torch.__version__)')"
result_setting epochs 10
result_setting data "Fashion-MNIST (Debian dataset-fashion-mnist)"
result_setting repeats "$repeats (best time of each)"
result_setting torch_threads "$($python -c 'import torch; print(torch.get_num_threads())')"
result_peer "PyTorch (Debian python3-torch, OpenBLAS)" "$torch_version"
result_figure "PyTorch tutorial (torchvision DataLoader)" "wall time" "$best_tutorial" s lower
result_figure "PyTorch, dataset held as one tensor" "wall time" "$best_tensor" s lower
result_figure "rlarena mnist" "wall time" "$best_rlarena" s lower
for pair in "PyTorch tutorial (torchvision DataLoader):tutorial.log" "PyTorch, dataset held as one tensor:tensor.log" "rlarena mnist:rlarena.log"; do
  acc="$(accuracy "${pair##*:}")"; acc="${acc%\%}"
  if [ -n "$acc" ]; then result_figure "${pair%%:*}" "test accuracy (last run)" "$acc" % higher; fi
done
result_end
