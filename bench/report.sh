#!/usr/bin/env bash
# Regenerates the benchmarks page: every result file in bench/results/ (written by the bench scripts) becomes
# docs/benchmarks/index.md and its charts in docs/benchmarks/images/. Nothing is measured here.
#   bench/report.sh [--results DIR] [--out DIR] [--readme FILE]
# With no arguments it also rewrites the README's figures table (between its figures markers) from the same results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! build_log="$(dotnet build bench/report/RLArena.Bench.Report.csproj -c Release --nologo -v q 2>&1)"; then
  echo "$build_log" >&2
  echo "bench report: error: bench/report does not build (see above)" >&2
  exit 1
fi
if [ $# -eq 0 ]; then set -- --readme README.md; fi
exec dotnet bench/report/bin/Release/net10.0/RLArena.Bench.Report.dll "$@"
