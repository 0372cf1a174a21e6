#!/usr/bin/env bash
# Frame rate of the raylib window under Xvfb (software OpenGL through Mesa): rlarena watch with a random policy on
# cartpole and on a 16x16 grid, SECONDS each (default 10), printing the window's frame statistics (mean FPS from
# frame intervals, raylib's GetFPS, median/p99/max frame interval). Needs xvfb-run and a libraylib
# (RLARENA_RAYLIB=/path/to/libraylib.so or one of the places 'rlarena info' lists).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds="${1:-10}"
command -v xvfb-run >/dev/null || { echo "window-fps: xvfb-run is not installed (apt-get install xvfb)"; exit 1; }
for env in cartpole "gridworld:size=16,goals=3"; do
  echo "== $env (960x540, target 60 FPS, $seconds s)"
  xvfb-run -a -s "-screen 0 1280x800x24" ./rlarena watch --random --env "$env" --seconds "$seconds" --stats
done
