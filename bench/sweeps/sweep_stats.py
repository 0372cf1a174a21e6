#!/usr/bin/env python3
"""Reads a sweep directory's files and prints what bench/sweeps/run.sh records, as KEY=VALUE lines.

  sweep_stats.py trials DIR     trials, done, failed, total_steps, trial_wall_s, trial_cpu_s, cores_per_trial,
                                session_wall_s, first_start_utc, last_end_utc, span_s (first trial start to last end),
                                startup_gap_s (mean time from one trial's end to the next one's start on one worker)
  sweep_stats.py pick REPORT_JSON [OTHER_REPORT_JSON]
                                best, best_iqm, ties_at_top (configurations whose IQM equals the best's); with a second
                                report (the full-budget run): other_rank and other_iqm of the first report's best in it
Only the standard library: it runs on Debian's /usr/bin/python3.
"""
import csv
import datetime
import glob
import json
import os
import sys


def when(text):
    # .NET writes 7 fractional digits; Python reads at most 6.
    text = text.rstrip("Z")
    if "." in text:
        head, frac = text.split(".")
        text = f"{head}.{frac[:6]}"
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)


def trials(directory):
    statuses = []
    for path in sorted(glob.glob(os.path.join(directory, "trials", "*", "status.json"))):
        with open(path) as f:
            statuses.append(json.load(f))
    if not statuses:
        sys.exit(f"sweep_stats: {directory} has no trials/*/status.json; is it a sweep directory?")
    done = [s for s in statuses if s.get("state") == "done"]
    wall = sum(s.get("wall_seconds", 0) for s in statuses)
    cpu = sum(s.get("cpu_seconds", 0) for s in statuses)
    sessions = 0.0
    sessions_path = os.path.join(directory, "sessions.csv")
    if os.path.exists(sessions_path):
        with open(sessions_path, newline="") as f:
            sessions = sum(float(row["wall_seconds"]) for row in csv.DictReader(f))
    spans = sorted((when(s["started_utc"]), when(s["ended_utc"])) for s in statuses if s.get("started_utc") and s.get("ended_utc"))
    print(f"trials={len(statuses)}")
    print(f"done={len(done)}")
    print(f"failed={sum(1 for s in statuses if s.get('state') == 'failed')}")
    print(f"total_steps={sum(s.get('steps', 0) for s in statuses)}")
    print(f"trial_wall_s={wall:.2f}")
    print(f"trial_cpu_s={cpu:.2f}")
    print(f"cores_per_trial={cpu / wall:.3f}" if wall > 0 and cpu > 0 else "cores_per_trial=")
    print(f"session_wall_s={sessions:.2f}")
    if spans:
        print(f"span_s={(max(e for _, e in spans) - spans[0][0]).total_seconds():.2f}")
        # On one worker the trials follow each other: the gap is the next process's start-up plus the executor's turn-around.
        gaps = [(spans[i + 1][0] - spans[i][1]).total_seconds() for i in range(len(spans) - 1) if spans[i + 1][0] >= spans[i][1]]
        print(f"startup_gap_s={sum(gaps) / len(gaps):.3f}" if gaps else "startup_gap_s=")


def pick(report_path, other_path=None):
    with open(report_path) as f:
        report = json.load(f)
    ranked = [c for c in report["configurations"] if c["rank"] > 0]
    best = ranked[0]
    best_iqm = best["iqm"]["value"]
    print(f"best={best['configuration']}")
    print(f"best_iqm={best_iqm:g}")
    print(f"ties_at_top={sum(1 for c in ranked if c['iqm']['value'] == best_iqm)}")
    if other_path:
        with open(other_path) as f:
            other = json.load(f)
        ranked_other = [c for c in other["configurations"] if c["rank"] > 0]
        top = ranked_other[0]["iqm"]["value"]
        mine = next((c for c in ranked_other if c["configuration"] == best["configuration"]), None)
        print(f"other_best={ranked_other[0]['configuration']}")
        print(f"other_ties_at_top={sum(1 for c in ranked_other if c['iqm']['value'] == top)}")
        print(f"other_rank={mine['rank'] if mine else ''}")
        print(f"other_iqm={mine['iqm']['value']:g}" if mine else "other_iqm=")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "trials":
        trials(sys.argv[2])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "pick":
        pick(*sys.argv[2:])
    else:
        sys.exit(__doc__)
