#!/usr/bin/env python3
"""Driver of `scripts/bench` (issue 10 item 7); scripts/bench builds and installs what it
needs, then runs this with the virtual environment's Python.

For each size (the sample `Datasets/`, then `observatory generate --members N --from 2013-Q4
--to 2014-Q4`, kept in bench-data/bench/N/) and each job (barometer, gender, funding), runs
observatory, the DuckDB peer and the polars peer in turn (observatory, duckdb, polars,
observatory, ...), so that machine noise hits all of them alike, under /usr/bin/time for
wall time and peak RSS; reports the median of the runs. On the sample it also times
`observatory run` (every job). Then checks that each peer's figures equal observatory's
published ones (check.py), times the C libcsv field counter and observatory's reader on
the largest barometer file, and prints one table.

A run that passes --timeout seconds or --max-rss-gib of resident memory is stopped and
recorded as such (its figure is then a lower bound, marked '>').
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOLS = os.path.join(ROOT, "scripts", "bench-tools")
OBSERVATORY = os.path.join(ROOT, ".build", "release", "observatory")
DATA = os.path.join(ROOT, "bench-data", "bench")
COUNTER = os.path.join(ROOT, ".build-bench", "count_fields")
JOBS = ["barometer", "gender", "funding"]
PEERS = ["duckdb", "polars"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- inputs

def ensure_dataset(members):
    """bench-data/bench/N, generated once (a `.complete` marker says it finished)."""
    d = os.path.join(DATA, str(members))
    if os.path.exists(os.path.join(d, ".complete")):
        return d
    shutil.rmtree(d, ignore_errors=True)
    log(f"generating {members} members into {os.path.relpath(d, ROOT)} (once)")
    t0 = time.time()
    # The three surveys the peers compute (no Egapro: no peer scores it, and 7.1 M members
    # would make 70 M rows of it).
    subprocess.run([OBSERVATORY, "generate", "--members", str(members), "--from", "2013-Q4", "--to", "2014-Q4",
                    "--only", "barometer,gender,funding", "--out", d], check=True)
    open(os.path.join(d, ".complete"), "w").close()
    log(f"  generated in {time.time() - t0:.0f} s")
    return d


def periods(datasets):
    """The latest period of each job and the files each job reads (for MB/s)."""
    out = {}
    bar = sorted(f for f in os.listdir(os.path.join(datasets, "barometer")) if f.endswith(".csv"))
    q = bar[-1][:-4]
    members = os.path.join(datasets, "members.csv")
    out["barometer"] = (q, [members] + [os.path.join(datasets, "barometer", f) for f in bar])
    for job in ("gender", "funding"):
        years = sorted(f[:-4] for f in os.listdir(os.path.join(datasets, job)) if f.endswith(".csv"))
        y = years[-1]
        files = [members] + [os.path.join(datasets, job, f"{yy}.csv") for yy in (str(int(y) - 1), y) if yy in years]
        out[job] = (y, files)
    everything = [members]
    for job in JOBS:
        everything += [os.path.join(datasets, job, f) for f in sorted(os.listdir(os.path.join(datasets, job)))]
    out["run"] = (None, everything)
    return out


# ---------------------------------------------------------------- one timed run

def descendants(pid):
    out = [pid]
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                for c in f.read().split():
                    out += descendants(int(c))
    except OSError:
        pass
    return out


def rss_kib(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def timed(cmd, log_path, timeout, max_rss_kib, env=None):
    """(wall s, peak RSS KiB, exit status, stopped reason or None) of `cmd` under /usr/bin/time."""
    stats = log_path + ".time"
    with open(log_path, "w") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%e %M", "-o", stats] + cmd, stdout=out, stderr=subprocess.STDOUT,
                             env=env, start_new_session=True)
        stopped, peak = None, 0
        while p.poll() is None:
            time.sleep(0.25)
            pids = descendants(p.pid)[1:]  # not /usr/bin/time itself
            peak = max(peak, rss_kib(pids))
            elapsed = time.monotonic() - t0
            reason = ("time limit" if elapsed > timeout else "memory limit" if peak > max_rss_kib else None)
            if reason and p.poll() is None:
                stopped = reason
                try:
                    os.killpg(p.pid, 9)  # the process group this call started
                except ProcessLookupError:
                    pass
                p.wait()
                break
        wall = time.monotonic() - t0
    if stopped:
        return wall, peak, -9, stopped
    try:
        with open(stats) as f:
            last = f.read().strip().splitlines()[-1].split()
        return float(last[0]), int(last[1]), p.returncode, None
    except (OSError, IndexError, ValueError):
        return wall, peak, p.returncode, None


# ---------------------------------------------------------------- the benchmark

def main():
    ap = argparse.ArgumentParser(description="observatory vs DuckDB vs polars (issue 10 item 7)")
    ap.add_argument("--quick", action="store_true", help="only the sample and 52,300 members")
    ap.add_argument("--sizes", help="comma-separated member counts to generate (default 52300,710000,7100000)")
    ap.add_argument("--no-sample", action="store_true", help="leave out the sample Datasets/")
    ap.add_argument("--reps", type=int, default=3, help="runs per tool up to 710,000 members (median reported)")
    ap.add_argument("--big-reps", type=int, default=1, help="runs per tool above 710,000 members")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped")
    ap.add_argument("--max-rss-gib", type=float, default=20, help="resident memory before a run is stopped")
    ap.add_argument("--threads", type=int, default=2, help="threads of DuckDB and polars")
    a = ap.parse_args()

    sizes = [52300] if a.quick else [52300, 710000, 7100000]
    if a.sizes:
        sizes = [int(s) for s in a.sizes.split(",") if s]
    os.makedirs(DATA, exist_ok=True)
    out_root = os.path.join(DATA, "out")
    shutil.rmtree(out_root, ignore_errors=True)
    python = sys.executable
    max_rss = a.max_rss_gib * 1024 * 1024

    source = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h (%cs)", "--", "Sources", "Package.swift"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift"],
                           capture_output=True, text=True).stdout.strip()
    versions = {"observatory": f"built from Sources/ at {source}" + (" with uncommitted changes" if dirty else "")}
    for peer in PEERS:
        versions[peer] = subprocess.run([python, "-c", f"import {peer}; print({peer}.__version__)"], capture_output=True,
                                        text=True).stdout.strip()
    log(f"observatory {versions['observatory']}; duckdb {versions['duckdb']}, polars {versions['polars']}, "
        f"{a.threads} threads; {os.cpu_count()} cores")

    targets = [] if a.no_sample else [("523 (sample)", os.path.join(ROOT, "Datasets"), 523)]
    targets += [(f"{n:,}", None, n) for n in sizes]
    rows, failures, checks = [], [], []
    largest = None
    for label, datasets, members in targets:
        datasets = datasets or ensure_dataset(members)
        largest = datasets
        reps = a.reps if members <= 710000 else a.big_reps
        plan = periods(datasets)
        out = os.path.join(out_root, str(members))
        os.makedirs(out, exist_ok=True)
        jobs = (["run"] if members == 523 else []) + JOBS
        for job in jobs:
            period, files = plan[job]
            size = sum(os.path.getsize(f) for f in files)
            tools = ["observatory"] if job == "run" else ["observatory"] + PEERS
            results = {t: [] for t in tools}
            for rep in range(reps):
                for tool in tools:
                    if results[tool] and results[tool][-1][3]:
                        continue  # stopped by a limit: not run again at this size and job
                    if tool == "observatory":
                        reports = os.path.join(out, "reports-" + job)
                        shutil.rmtree(reports, ignore_errors=True)
                        cmd = [OBSERVATORY, job, "--datasets", datasets, "--reports", reports, "--csv-dialect", "rfc4180"]
                        if job == "barometer":
                            cmd += ["--quarter", period]
                        elif job != "run":
                            cmd += ["--year", period]
                    else:
                        cmd = [python, os.path.join(TOOLS, f"peer_{tool}.py"), "--job", job, "--datasets", datasets,
                               "--period", period, "--out", os.path.join(out, f"{tool}-{job}.json"),
                               "--threads", str(a.threads)]
                    r = timed(cmd, os.path.join(out, f"{tool}-{job}-{rep}.log"), a.timeout, max_rss)
                    results[tool].append(r)
                    wall, peak, status, stopped = r
                    log(f"  {label} {job} {tool} run {rep + 1}/{reps}: {wall:.2f} s, {peak / 1024:.0f} MiB"
                        + (f", exit {status}" if status else "") + (f", stopped ({stopped})" if stopped else ""))
            summary = {}
            for tool, runs in results.items():
                ok = [r for r in runs if r[2] == 0 and not r[3]]
                stopped = [r for r in runs if r[3]]
                if ok and len(ok) == len(runs):
                    summary[tool] = dict(wall=statistics.median(r[0] for r in ok),
                                         rss=statistics.median(r[1] for r in ok) / 1024, note="", runs=len(ok))
                elif stopped:
                    r = stopped[0]
                    summary[tool] = dict(wall=r[0], rss=r[1] / 1024, note=f"stopped: {r[3]}", runs=len(runs), bound=True)
                else:
                    r = runs[-1]
                    summary[tool] = dict(wall=r[0], rss=r[1] / 1024, note=f"exit {r[2]}", runs=len(runs), failed=True)
                    if tool != "observatory":
                        failures.append(f"FAIL {label} {job} {tool}: exit {r[2]} (log {os.path.relpath(out, ROOT)}/"
                                        f"{tool}-{job}-*.log)")
            obs = summary["observatory"]
            for tool in tools:
                s = summary[tool]
                rows.append(dict(size=label, job=job, tool=tool, wall=s["wall"], mbs=size / 1e6 / s["wall"],
                                 rss=s["rss"], t_ratio=s["wall"] / obs["wall"], m_ratio=s["rss"] / obs["rss"],
                                 note=s["note"], bound=s.get("bound", False), obs_bound=obs.get("bound", False),
                                 input_mb=size / 1e6, runs=s["runs"]))
            # figures: each peer against observatory's report
            if job == "run":
                continue
            report = os.path.join(out, "reports-" + job, job, period)
            for peer in PEERS:
                if summary[peer].get("failed") or summary[peer].get("bound"):
                    continue
                if obs.get("failed") or obs.get("bound") or not os.path.isdir(report):
                    checks.append(f"check {label} {job} {peer}: skipped, observatory gave no report ({obs['note']})")
                    continue
                c = subprocess.run([python, os.path.join(TOOLS, "check.py"), "--reports", report, "--peer",
                                    os.path.join(out, f"{peer}-{job}.json"), "--label", f"{label} {job} {period} {peer}"],
                                   capture_output=True, text=True)
                text = (c.stdout + c.stderr).strip()
                log("  " + text.replace("\n", "\n  "))
                (failures if c.returncode else checks).append(text)
            finished = [p for p in PEERS if not summary[p].get("failed") and not summary[p].get("bound")]
            if (obs.get("failed") or obs.get("bound") or not os.path.isdir(report)) and len(finished) == 2:
                # no figure of observatory's to check: at least the two peers must agree
                c = subprocess.run([python, os.path.join(TOOLS, "check.py"), "--other-peer",
                                    os.path.join(out, f"{finished[1]}-{job}.json"), "--peer",
                                    os.path.join(out, f"{finished[0]}-{job}.json"), "--label", f"{label} {job} {period}"],
                                   capture_output=True, text=True)
                text = (c.stdout + c.stderr).strip()
                log("  " + text.replace("\n", "\n  "))
                (failures if c.returncode else checks).append(text)

    # ingestion: the C libcsv field counter and observatory's reader on the largest barometer file
    ingestion = []
    if largest:
        q, files = periods(largest)["barometer"]
        path = files[-1]
        mb = os.path.getsize(path) / 1e6
        c = subprocess.run([COUNTER, path, "3"], capture_output=True, text=True)
        o = subprocess.run([OBSERVATORY, "ingest-bench", "--file", path, "--members", files[0], "--repeat", "3"],
                           capture_output=True, text=True)
        def rate(text, prefix):
            m = re.search(prefix + r".*?= ([0-9.]+) MB/s", text)
            return float(m.group(1)) if m else None
        cmbs, reader, decode = rate(c.stdout, "C libcsv"), rate(o.stdout, "reader"), rate(o.stdout, "decode")
        ingestion.append(f"ingestion of {os.path.relpath(path, ROOT)} ({mb:.1f} MB, one core):")
        ingestion.append(f"  C libcsv field counter (count_fields.c, cc -O2) {cmbs} MB/s")
        if cmbs and reader:
            ingestion.append(f"  observatory reader alone {reader} MB/s = {100 * reader / cmbs:.0f} % of C"
                             f" (goal: at least 85 %)")
            ingestion.append(f"  observatory barometer decoding {decode} MB/s = {100 * decode / cmbs:.0f} % of C")
        else:
            ingestion.append(f"  observatory ingest-bench: {o.stdout.strip()} {o.stderr.strip()}")

    # the table
    lines = [f"observatory {versions['observatory']}",
             f"duckdb {versions['duckdb']} and polars {versions['polars']} ({a.threads} threads), Python start-up "
             f"included; median of {a.reps} runs up to 710,000 members, {a.big_reps} above; "
             f"{os.cpu_count()} cores", ""]
    head = f"{'size (members)':<15} {'job':<10} {'tool':<12} {'input MB':>9} {'wall s':>9} {'MB/s':>8} " \
           f"{'peak MiB':>9} {'time/obs':>9} {'mem/obs':>8}  note"
    lines += [head, "-" * len(head)]
    for r in rows:
        bound = ">" if r["bound"] else ""
        ratio_mark = "<" if r["obs_bound"] and not r["bound"] and r["tool"] != "observatory" else ""
        both = r["bound"] and r["obs_bound"] and r["tool"] != "observatory"  # two lower bounds: no ratio
        t_ratio = "n/a" if both else ratio_mark + format(r["t_ratio"], ".2f")
        m_ratio = "n/a" if both else ratio_mark + format(r["m_ratio"], ".2f")
        lines.append(f"{r['size']:<15} {r['job']:<10} {r['tool']:<12} {r['input_mb']:>9.1f} "
                     f"{bound + format(r['wall'], '.2f'):>9} {('<' if r['bound'] else '') + format(r['mbs'], '.1f'):>8} "
                     f"{bound + format(r['rss'], '.0f'):>9} {t_ratio:>9} {m_ratio:>8}  {r['note']}")
    lines.append("")
    lines += ingestion
    lines.append("")
    lines += checks
    lines += failures
    text = "\n".join(lines)
    print(text, flush=True)
    with open(os.path.join(DATA, "last-run.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(DATA, "last-run.json"), "w") as f:
        json.dump(dict(versions=versions, rows=rows, ingestion=ingestion, checks=checks, failures=failures), f, indent=1)
    if failures:
        print(f"FAIL: {len(failures)} problem(s) above", flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
