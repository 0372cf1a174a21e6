#!/usr/bin/env python3
"""Builds one benchmark result file (bench/results/*.json) step by step; bench/lib/results.sh calls it.

  result.py begin DRAFT BENCHMARK TITLE          machine, date, commit and the load average before the run
  result.py setting DRAFT KEY VALUE              a setting the figures depend on (epochs, steps, threads...)
  result.py peer DRAFT NAME VERSION              a program compared against (PyTorch 1.13.0, CleanRL...)
  result.py figure DRAFT SUBJECT METRIC VALUE UNIT BETTER [SOURCE]
                                                 one measured figure; BETTER is higher or lower; SOURCE says where a
                                                 figure not measured in this run comes from (default: measured)
  result.py curve DRAFT NAME SEED METRICS_CSV METRIC [MAX_POINTS]
                                                 a learning curve from a run's metrics.csv (step,wall_time,metric,value)
  result.py end DRAFT RESULTS_DIR                the load average after the run; writes RESULTS_DIR/BENCHMARK-DATE-COMMIT.json
The format is described in docs/guides/benchmarks.md and checked by bench/report (schema rlarena-bench/1).
"""
import csv
import datetime
import json
import math
import os
import subprocess
import sys

SCHEMA = "rlarena-bench/1"


def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def os_name():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return sys.platform


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def read(draft):
    with open(draft) as f:
        return json.load(f)


def write(draft, result):
    with open(draft, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def number(text, what):
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        sys.exit(f"bench: {what} must be a number, not '{text}'")
    if not math.isfinite(value):
        sys.exit(f"bench: {what} must be a finite number, not '{text}'")
    return value


def begin(draft, benchmark, title):
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += "+changes"
    write(draft, {
        "schema": SCHEMA,
        "benchmark": benchmark,
        "title": title,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit,
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count() or 0, "os": os_name(),
                    "load_before": load_average(), "load_after": None},
        "settings": {},
        "peers": [],
        "figures": [],
        "curves": [],
    })


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    op, draft, args = argv[1], argv[2], argv[3:]
    if op == "begin" and len(args) == 2:
        begin(draft, *args)
        return
    result = read(draft)
    if op == "setting" and len(args) == 2:
        result["settings"][args[0]] = args[1]
    elif op == "peer" and len(args) == 2:
        result["peers"].append({"name": args[0], "version": args[1]})
    elif op == "figure" and len(args) in (5, 6):
        subject, metric, value, unit, better = args[:5]
        if better not in ("higher", "lower"):
            sys.exit(f"bench: 'better' must be higher or lower, not '{better}'")
        result["figures"].append({"subject": subject, "metric": metric, "value": number(value, f"{subject} {metric}"),
                                  "unit": unit, "better": better, "source": args[5] if len(args) == 6 else "measured"})
    elif op == "curve" and len(args) in (4, 5):
        name, seed, path, metric = args[:4]
        limit = int(args[4]) if len(args) == 5 else 200
        points = []
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row.get("metric") == metric:
                    points.append([int(float(row["step"])), float(row["value"])])
        if len(points) > limit:  # keep the first, the last and evenly spaced points between
            points = [points[round(i * (len(points) - 1) / (limit - 1))] for i in range(limit)]
        curve = next((c for c in result["curves"] if c["name"] == name), None)
        if curve is None:
            curve = {"name": name, "metric": metric, "runs": []}
            result["curves"].append(curve)
        curve["runs"].append({"seed": int(seed), "points": points})
    elif op == "end" and len(args) == 1:
        result["machine"]["load_after"] = load_average()
        os.makedirs(args[0], exist_ok=True)
        stamp = result["date"].replace("-", "").replace(":", "")
        base = os.path.join(args[0], f"{result['benchmark']}-{stamp}-{result['commit'].replace('+', '-')}")
        path, n = base + ".json", 1
        while os.path.exists(path):  # two runs of one benchmark that ended in the same second: keep both
            n += 1
            path = f"{base}-{n}.json"
        write(path, result)
        os.remove(draft)
        print(path)
        return
    else:
        sys.exit(__doc__)
    write(draft, result)


if __name__ == "__main__":
    main(sys.argv)
