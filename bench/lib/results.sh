# Sourced by the bench scripts: record a run's figures as JSON in bench/results/ (see docs/guides/benchmarks.md).
#   result_begin BENCHMARK "TITLE"; result_setting KEY VALUE; result_peer NAME VERSION;
#   result_figure SUBJECT METRIC VALUE UNIT higher|lower [SOURCE]; result_curve NAME SEED METRICS_CSV METRIC;
#   result_end   (prints the file written; `bench/report.sh` then turns every result into docs/benchmarks/index.md)
# Uses Debian's /usr/bin/python3 (any python3 with the standard library will do).
_results_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_results_python="/usr/bin/python3"
[ -x "$_results_python" ] || _results_python="python3"
RESULT_DRAFT=""
_result() { "$_results_python" "$_results_root/bench/lib/result.py" "$@"; }
result_begin() { RESULT_DRAFT="$(mktemp /tmp/rlarena-result.XXXXXX.json)"; (cd "$_results_root" && _result begin "$RESULT_DRAFT" "$1" "$2"); }
result_setting() { _result setting "$RESULT_DRAFT" "$1" "$2"; }
result_peer() { _result peer "$RESULT_DRAFT" "$1" "$2"; }
result_figure() { _result figure "$RESULT_DRAFT" "$@"; }
result_curve() { _result curve "$RESULT_DRAFT" "$@"; }
result_end() { local path; path="$(_result end "$RESULT_DRAFT" "${RESULTS_DIR:-$_results_root/bench/results}")" && echo "bench: result written to ${path#"$_results_root"/}" >&2; }
