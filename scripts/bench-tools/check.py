#!/usr/bin/env python3
"""Compares a peer's figures (JSON of peer_duckdb.py / peer_polars.py) with the CSV files of
an observatory report folder of the same job and period.

    check.py --reports Reports/barometer/2014-Q4 --peer duckdb.json [--label TEXT]
    check.py --other-peer polars.json --peer duckdb.json [--label TEXT]

Every cell observatory publishes (non-empty) in the columns below is compared with the
peer's value for the same row (same breakdown, group and keys). observatory rounds when it
writes (SPEC 5: 2 decimals, counts as integers, half away from zero), so a value agrees
when the peer's full-precision figure rounds to the printed one: |peer - printed| <= half a
unit of the last printed digit, plus 1e-9 relative (so that a figure lying on a rounding
boundary is not called different because of the last bit). Counts and sums of counts are
compared exactly. Cells observatory leaves empty (suppressed, no data) are not compared;
a cell observatory prints and the peer lacks is a mismatch.

With --other-peer instead of --reports (when observatory gave no report, as when a run was
stopped by the benchmark's limits), the two peers are compared with each other on every
figure of every row, to 1e-9 relative (they sum in different orders): not a check of
observatory, only that the two peers agree.

Prints one line; with --fail-national-only, only mismatches of the `all` group make it fail
(the others are listed); by default every mismatch fails. Exit 0 when they agree, 1 when not.
"""

import argparse
import csv
import json
import os
import sys

TABLES = {
    "barometer": {
        "balances": (["breakdown", "group", "question", "weighting"],
                     ["n", "pct_up", "pct_stable", "pct_down", "balance", "se", "delta_prev_quarter", "delta_prev_year"]),
        "quantities": (["breakdown", "group", "variable"],
                       ["n", "total", "median", "change_prev_quarter", "n_constant_prev_quarter", "change_prev_year",
                        "n_constant_prev_year"]),
        "response": (["breakdown", "group"], ["active_members", "respondents", "response_rate"]),
        "series": (["breakdown", "group", "question", "weighting", "quarter"], ["n", "balance"]),
    },
    "gender": {
        "indicators": (["breakdown", "group", "population", "indicator"], ["female", "male", "value", "n"]),
        "distribution": (["breakdown", "group", "population"],
                         ["n", "women_share_q1", "women_share_median", "women_share_q3", "parity_zone_pct",
                          "with_a_woman_pct", "cope_zimmermann_pct"]),
    },
    "funding": {
        "shares": (["breakdown", "group"],
                   ["n", "total_eur", "public_eur", "public_share", "activity_share", "member_public_share_mean",
                    "member_public_share_q1", "member_public_share_median", "member_public_share_q3",
                    "change_total_prev_year", "change_public_prev_year", "n_constant"]),
        "sources": (["breakdown", "group", "source"], ["amount_eur", "share_of_total", "share_of_public", "n"]),
    },
}


def read_report_csv(path):
    """Rows of an observatory CSV in either dialect (excel-fr: BOM, ';', decimal comma)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    first = text.split("\n", 1)[0]
    excel = ";" in first
    rows = list(csv.DictReader(text.splitlines(), delimiter=";" if excel else ","))
    if excel:
        for r in rows:
            for k, v in r.items():
                if v and v.replace(",", "", 1).replace("-", "", 1).isdigit():
                    r[k] = v.replace(",", ".")
    return rows


def agrees(printed, value):
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    expected = float(printed)
    slack = 1e-9 * max(1.0, abs(expected))
    if decimals == 0:
        return abs(value - expected) <= slack
    return abs(value - expected) <= 0.5 * 10 ** -decimals + slack


def peers_agree(a, b, label):
    """Every value of every row of two peers' JSON, to 1e-9 relative."""
    compared, differ = 0, []
    for table, (keys, columns) in TABLES[a["job"]].items():
        other = {tuple(str(r[k]) for k in keys): r for r in b["tables"][table]}
        for row in a["tables"][table]:
            key = tuple(str(row[k]) for k in keys)
            mate = other.get(key, {})
            for c in columns:
                x, y = row.get(c), mate.get(c)
                if x is None and y is None:
                    continue
                compared += 1
                if x is None or y is None or abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
                    differ.append(f"{table} {'/'.join(key)} {c}: {a['tool']} {x}, {b['tool']} {y}")
    if differ:
        print(f"FAIL check {label}: {len(differ)} of {compared} values differ between {a['tool']} and {b['tool']}")
        for d in differ[:10]:
            print(f"FAIL   {d}")
        sys.exit(1)
    print(f"check {label}: no observatory report; {a['tool']} and {b['tool']} agree on all {compared} values")


def main():
    ap = argparse.ArgumentParser()
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--reports")
    group.add_argument("--other-peer")
    ap.add_argument("--peer", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--fail-national-only", action="store_true")
    a = ap.parse_args()
    with open(a.peer, encoding="utf-8") as f:
        peer = json.load(f)
    job = peer["job"]
    if a.other_peer:
        with open(a.other_peer, encoding="utf-8") as f:
            peers_agree(peer, json.load(f), a.label or f"{job} {peer['period']}")
        return
    compared = national = 0
    mismatches = []
    for table, (keys, columns) in TABLES[job].items():
        path = os.path.join(a.reports, table + ".csv")
        if not os.path.exists(path):
            mismatches.append((True, f"{table}.csv missing from {a.reports}"))
            continue
        theirs = {tuple(str(r[k]) for k in keys): r for r in peer["tables"][table]}
        for row in read_report_csv(path):
            key = tuple(row[k] for k in keys)
            is_national = row["breakdown"] == "all"
            mine = theirs.get(key)
            for c in columns:
                printed = row.get(c, "")
                if printed in ("", None):
                    continue
                compared += 1
                national += is_national
                value = None if mine is None else mine.get(c)
                if value is None or not agrees(printed, float(value)):
                    mismatches.append((is_national, f"{table}.csv {'/'.join(key)} {c}: observatory {printed}, "
                                                    f"{peer['tool']} {value}"))
    failing = [m for n, m in mismatches if n or not a.fail_national_only]
    label = a.label or f"{job} {peer['period']} {peer['tool']}"
    if failing:
        print(f"FAIL check {label}: {len(mismatches)} of {compared} published values differ "
              f"({sum(1 for n, _ in mismatches if n)} national)")
        for m in failing[:10]:
            print(f"FAIL   {m}")
        if len(failing) > 10:
            print(f"FAIL   ... and {len(failing) - 10} more")
        sys.exit(1)
    extra = f", {len(mismatches)} non-national mismatches not counted" if mismatches else ""
    print(f"check {label}: ok, {compared} published values equal ({national} of the all-network row){extra}")


if __name__ == "__main__":
    main()
