#!/usr/bin/env python3
"""DuckDB peer of `scripts/bench`: one observatory job over the same CSV files, in SQL.

    peer_duckdb.py --job barometer|gender|funding --datasets DIR --period 2014-Q4|2014 --out FILE.json

DuckDB (2 threads by default) reads the files, keeps the later line of a member given
twice, joins the registry (active members only) and reduces the rows to sums per cell
(structure type x region), medians and quartiles per group (GROUPING SETS), and the
constant samples (a join of the period with the earlier one). bench_common.py turns those
into the report figures; the result is written as JSON for check.py.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common as bc  # noqa: E402

import duckdb  # noqa: E402


def lit(s):
    return "'" + str(s).replace("'", "''") + "'"


def read_csv(path, kind, types):
    """read_csv of one input with canonical column names (from its header) and the given
    types for the columns named in `types` (VARCHAR otherwise)."""
    names = bc.header(path, kind)
    cols = ", ".join(f"{lit(n)}: {lit(types.get(n, 'VARCHAR'))}" for n in names)
    return (f"read_csv({lit(path)}, delim=';', quote='\"', escape='\"', header=true, decimal_separator=',', "
            f"columns={{{cols}}})")


def code(col, words):
    cases = " ".join(f"WHEN lower(trim({col})) IN ({', '.join(lit(w) for w in ws)}) THEN {v}" for v, ws in words.items())
    return f"CAST(CASE {cases} END AS TINYINT)"


FAMILY = "CASE WHEN type IN ('AI', 'ACI', 'EI', 'ETTI') THEN 'SIAE' ELSE 'other' END"
GROUPING_KIND = {7: "all", 3: "family", 5: "structure_type", 6: "region", 4: "cell"}


def registry(con, datasets):
    src = read_csv(os.path.join(datasets, "members.csv"), "members", {})
    con.execute(f"""
        CREATE TEMP TABLE reg_raw AS
        SELECT member_id AS id, trim(region) AS region, upper(trim(structure_type)) AS type,
               active IS NULL OR trim(active) = '' OR lower(trim(active)) NOT IN ('no', 'non', 'false', '0') AS active
        FROM {src}""")
    # A member_id given twice: the first row is kept (SPEC 3.4).
    con.execute(f"""
        CREATE TEMP TABLE reg AS
        SELECT id, region, type, {FAMILY} AS family
        FROM (SELECT * FROM reg_raw QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid) = 1)
        WHERE active""")
    return con.execute("SELECT type, region, count(*) FROM reg GROUP BY ALL").fetchall()


def query(con, sql):
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return bc.rows_to_dicts(names, cur.fetchall())


def kinded(rows):
    for r in rows:
        r["kind"] = GROUPING_KIND[r.pop("gid")]
    return rows


def barometer(con, datasets, quarter):
    reg = registry(con, datasets)
    files = {q: p for q, p in bc.period_files(datasets, "barometer").items() if q <= quarter}
    types = {"employees_integration": "BIGINT", "employees_permanent": "BIGINT", "hours_worked": "DOUBLE",
             "turnover_eur": "DECIMAL(18,2)"}
    parts = []
    for q, path in files.items():
        codes = ", ".join(f"{code(c, bc.JUDGEMENT_WORDS if c == 'cash_position' else bc.OPINION_WORDS)} AS {c}"
                          for c in bc.QUESTIONS)
        parts.append(f"""SELECT {lit(q)} AS q, member_id AS id, {codes},
                  employees_integration AS ei, employees_permanent AS ep,
                  CAST(round(hours_worked * 100) AS BIGINT) AS hh, CAST(turnover_eur * 100 AS BIGINT) AS tc
                  FROM {read_csv(path, 'barometer', types)}""")
    con.execute("CREATE TEMP TABLE b_raw AS " + " UNION ALL ".join(parts))
    # The later line of a member given twice in a quarter wins; active registry members only.
    con.execute("""
        CREATE TEMP TABLE b AS
        SELECT d.*, reg.type, reg.region, reg.family,
               CASE WHEN ei IS NULL AND ep IS NULL THEN NULL ELSE coalesce(ei, 0) + coalesce(ep, 0) END AS x
        FROM (SELECT * FROM b_raw QUALIFY row_number() OVER (PARTITION BY q, id ORDER BY rowid DESC) = 1) d
        JOIN reg ON reg.id = d.id""")
    aggs = []
    for c in bc.QUESTIONS:
        has = f"{c} IS NOT NULL"
        aggs += [f"count({c}) AS {c}_n", f"count(*) FILTER (WHERE {c} = 1) AS {c}_up",
                 f"count(*) FILTER (WHERE {c} = -1) AS {c}_down",
                 f"count(x) FILTER (WHERE {has}) AS {c}_nk", f"count(*) FILTER (WHERE {has} AND x > 0) AS {c}_nzk",
                 f"sum(x) FILTER (WHERE {has}) AS {c}_sx", f"sum(x) FILTER (WHERE {c} = 1) AS {c}_sxu",
                 f"sum(x) FILTER (WHERE {c} = -1) AS {c}_sxd", f"sum(x * x) FILTER (WHERE {has}) AS {c}_sx2",
                 f"sum(x * x) FILTER (WHERE {c} = 1) AS {c}_sx2u", f"sum(x * x) FILTER (WHERE {c} = -1) AS {c}_sx2d",
                 f"count(*) FILTER (WHERE {c} = 1 AND x IS NULL) AS {c}_mu",
                 f"count(*) FILTER (WHERE {c} = -1 AND x IS NULL) AS {c}_md"]
    for v, col in zip(bc.VARIABLES, ["ei", "ep", "hh", "tc"]):
        aggs += [f"count({col}) AS {v}_n", f"sum({col}) AS {v}_sum"]
    cells = query(con, f"SELECT q AS quarter, type, region, count(*) AS respondents, {', '.join(aggs)} FROM b GROUP BY ALL")
    meds = [f"median(CAST(x AS DOUBLE)) FILTER (WHERE {c} IS NOT NULL) AS {c}_xmed" for c in bc.QUESTIONS]
    meds += [f"median({e}) AS {v}_med" for v, e in zip(bc.VARIABLES, ["CAST(ei AS DOUBLE)", "CAST(ep AS DOUBLE)",
                                                                       "hh / CAST(100 AS DOUBLE)", "tc / CAST(100 AS DOUBLE)"])]
    medians = kinded(query(con, f"""
        SELECT q AS quarter, grouping(family, type, region) AS gid, family, type, region, {', '.join(meds)}
        FROM b GROUP BY GROUPING SETS ((q), (q, family), (q, type), (q, region), (q, type, region))"""))
    constant = []
    for lag, k in (("prev_quarter", -1), ("prev_year", -4)):
        prev = bc.quarter_shift(quarter, k)
        if prev not in files:
            continue
        aggs = []
        for v, col in zip(bc.VARIABLES, ["ei", "ep", "hh", "tc"]):
            both = f"n.{col} IS NOT NULL AND p.{col} IS NOT NULL"
            aggs += [f"count(*) FILTER (WHERE {both}) AS {v}_n", f"sum(n.{col}) FILTER (WHERE {both}) AS {v}_now",
                     f"sum(p.{col}) FILTER (WHERE {both}) AS {v}_before"]
        constant += query(con, f"""
            SELECT {lit(lag)} AS lag, n.type, n.region, {', '.join(aggs)}
            FROM b n JOIN b p ON p.id = n.id AND p.q = {lit(prev)}
            WHERE n.q = {lit(quarter)} GROUP BY ALL""")
    return bc.barometer_tables(quarter, reg, cells, medians, constant)


def gender_pairs(con, path, year, table):
    types = {"headcount": "BIGINT", "hours_worked": "DOUBLE", "gross_pay_eur": "DECIMAL(18,2)", "trained": "BIGINT",
             "exits": "BIGINT", "exits_to_employment": "BIGINT"}
    sex = "CASE WHEN upper(trim(sex)) IN ('F', 'W', 'FEMME') THEN 'F' WHEN upper(trim(sex)) IN ('M', 'HOMME') THEN 'M' END"
    con.execute(f"""
        CREATE TEMP TABLE {table}_raw AS
        SELECT member_id AS id, lower(trim(population)) AS pop, {sex} AS sex, headcount AS hc,
               CAST(round(hours_worked * 100) AS BIGINT) AS hh, CAST(gross_pay_eur * 100 AS BIGINT) AS pc,
               trained AS tr, exits AS ex, exits_to_employment AS ee
        FROM {read_csv(path, 'gender', types)}""")
    # Later line wins per (member, population, sex); then one row per member and population
    # with both sexes side by side (an absent sex: every column NULL).
    cols = []
    for s in ("F", "M"):
        cols += [f"max({c}) FILTER (WHERE sex = '{s}') AS {c}{s}" for c in ("hc", "hh", "pc", "tr", "ex", "ee")]
    con.execute(f"""
        CREATE TEMP TABLE {table} AS
        SELECT d.id, d.pop, reg.type, reg.region, reg.family, {', '.join(cols)}
        FROM (SELECT * FROM {table}_raw QUALIFY row_number() OVER (PARTITION BY id, pop, sex ORDER BY rowid DESC) = 1) d
        JOIN reg ON reg.id = d.id
        GROUP BY d.id, d.pop, reg.type, reg.region, reg.family""")


def gender(con, datasets, year):
    reg = registry(con, datasets)
    files = bc.period_files(datasets, "gender")
    gender_pairs(con, files[str(year)], year, "gy")
    has_before = str(year - 1) in files
    if has_before:
        gender_pairs(con, files[str(year - 1)], year - 1, "gp")
    f, m = "coalesce(hcF, 0)", "coalesce(hcM, 0)"
    both = "hcF IS NOT NULL AND hcM IS NOT NULL"
    conds = {
        "hours_per_head": (f"{both} AND hcF > 0 AND hcM > 0 AND hhF IS NOT NULL AND hhM IS NOT NULL",
                           ["hhF", "hhM", "hcF", "hcM"]),
        "hourly_pay": (f"{both} AND coalesce(hhF, 0) > 0 AND coalesce(hhM, 0) > 0 AND pcF IS NOT NULL AND pcM IS NOT NULL",
                       ["pcF", "pcM", "hhF", "hhM"]),
        "training_rate": (f"{both} AND hcF > 0 AND hcM > 0 AND trF IS NOT NULL AND trM IS NOT NULL",
                          ["trF", "trM", "hcF", "hcM"]),
        "exit_to_employment_rate": (f"{both} AND coalesce(exF, 0) > 0 AND coalesce(exM, 0) > 0 AND eeF IS NOT NULL "
                                    "AND eeM IS NOT NULL", ["eeF", "eeM", "exF", "exM"]),
    }
    aggs = ["count(*) AS rows", f"sum({f}) AS women", f"sum({m}) AS men",
            f"count(*) FILTER (WHERE {f} + {m} > 0) AS staffed",
            f"count(*) FILTER (WHERE {f} + {m} > 0 AND 2 * ({f} + {m}) <= 5 * {f} AND 5 * {f} <= 3 * ({f} + {m})) AS in_zone",
            f"count(*) FILTER (WHERE {f} + {m} > 0 AND {f} > 0) AS with_woman",
            f"count(*) FILTER (WHERE {f} + {m} > 0 AND CASE WHEN {f} + {m} > 8 THEN 5 * {f} >= 2 * ({f} + {m}) "
            f"AND 5 * {m} >= 2 * ({f} + {m}) ELSE abs({f} - {m}) <= 2 END) AS cope"]
    for ind, (cond, cols) in conds.items():
        aggs.append(f"count(*) FILTER (WHERE {cond}) AS {ind}_n")
        aggs += [f"sum({c}) FILTER (WHERE {cond}) AS {ind}_{k}"
                 for c, k in zip(cols, bc.GENDER_PAIR_INDICATORS[ind])]
    for ind, base in (("hourly_pay_all_members", "hh"), ("annual_pay_per_head", "hc")):
        paid = {s: f"pc{s} IS NOT NULL AND coalesce({base}{s}, 0) > 0" for s in ("F", "M")}
        aggs += [f"count(*) FILTER (WHERE ({paid['F']}) OR ({paid['M']})) AS {ind}_n",
                 f"sum(pcF) FILTER (WHERE {paid['F']}) AS {ind}_payF", f"sum(pcM) FILTER (WHERE {paid['M']}) AS {ind}_payM",
                 f"sum({base}F) FILTER (WHERE {paid['F']}) AS {ind}_baseF",
                 f"sum({base}M) FILTER (WHERE {paid['M']}) AS {ind}_baseM"]
    if has_before:
        fb, mb = "coalesce(p.hcF, 0)", "coalesce(p.hcM, 0)"
        kept = f"{f} + {m} > 0 AND p.id IS NOT NULL AND {fb} + {mb} > 0"
        aggs += [f"count(*) FILTER (WHERE {kept}) AS chg_n", f"sum({f}) FILTER (WHERE {kept}) AS chg_women",
                 f"sum({f} + {m}) FILTER (WHERE {kept}) AS chg_all",
                 f"sum({fb}) FILTER (WHERE {kept}) AS chg_women_before",
                 f"sum({fb} + {mb}) FILTER (WHERE {kept}) AS chg_all_before"]
        source = ("(SELECT y.*, p.id AS pid, p.hcF AS p_hcF, p.hcM AS p_hcM FROM gy y LEFT JOIN gp p "
                  "ON p.id = y.id AND p.pop = y.pop)")
        aggs = [a.replace("p.id", "pid").replace("p.hcF", "p_hcF").replace("p.hcM", "p_hcM") for a in aggs]
    else:
        aggs += [f"0 AS {c}" for c in ("chg_n", "chg_women", "chg_all", "chg_women_before", "chg_all_before")]
        source = "gy"
    cells = query(con, f"SELECT pop AS population, type, region, {', '.join(aggs)} FROM {source} GROUP BY ALL")
    quartiles = query(con, f"""
        SELECT pop AS population, grouping(family, type, region) AS gid, family, type, region,
               quantile_cont(share, 0.25) AS q1, quantile_cont(share, 0.5) AS median, quantile_cont(share, 0.75) AS q3
        FROM (SELECT *, CAST(100 AS DOUBLE) * {f} / ({f} + {m}) AS share FROM gy WHERE {f} + {m} > 0)
        GROUP BY GROUPING SETS ((pop), (pop, family), (pop, type), (pop, region))""")
    return bc.gender_tables(reg, cells, kinded(quartiles))


def funding_members(con, path, table):
    types = {s + "_eur": "DECIMAL(18,2)" for s in bc.SOURCES}
    cents = ", ".join(f"coalesce(CAST({s}_eur * 100 AS BIGINT), 0) AS s_{s}" for s in bc.SOURCES)
    con.execute(f"CREATE TEMP TABLE {table}_raw AS SELECT member_id AS id, {cents} FROM {read_csv(path, 'funding', types)}")
    total = " + ".join("s_" + s for s in bc.SOURCES)
    public = " + ".join("s_" + s for s in bc.PUBLIC_SOURCES)
    # Later line wins; a member whose total is 0 is rejected (SPEC 3.3); active members only.
    con.execute(f"""
        CREATE TEMP TABLE {table} AS
        SELECT d.*, {total} AS total, {public} AS public, reg.type, reg.region, reg.family
        FROM (SELECT * FROM {table}_raw QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid DESC) = 1) d
        JOIN reg ON reg.id = d.id
        WHERE {total} > 0""")


def funding(con, datasets, year):
    reg = registry(con, datasets)
    files = bc.period_files(datasets, "funding")
    funding_members(con, files[str(year)], "fy")
    aggs = ["count(*) AS n", "sum(y.total) AS total", "sum(y.public) AS public",
            "sum(CAST(100 AS DOUBLE) * y.public / y.total) AS share_sum"]
    for s in bc.SOURCES:
        aggs += [f"sum(y.s_{s}) AS {s}_amount", f"count(*) FILTER (WHERE y.s_{s} > 0) AS {s}_n"]
    if str(year - 1) in files:
        funding_members(con, files[str(year - 1)], "fp")
        aggs += ["count(p.id) AS chg_n", "sum(y.total) FILTER (WHERE p.id IS NOT NULL) AS chg_total_now",
                 "sum(p.total) AS chg_total_then", "sum(y.public) FILTER (WHERE p.id IS NOT NULL) AS chg_public_now",
                 "sum(p.public) AS chg_public_then"]
        source = "fy y LEFT JOIN fp p ON p.id = y.id"
    else:
        aggs += [f"0 AS {c}" for c in ("chg_n", "chg_total_now", "chg_total_then", "chg_public_now", "chg_public_then")]
        source = "fy y"
    cells = query(con, f"SELECT y.type, y.region, {', '.join(aggs)} FROM {source} GROUP BY ALL")
    quartiles = query(con, """
        SELECT grouping(family, type, region) AS gid, family, type, region,
               quantile_cont(share, 0.25) AS q1, quantile_cont(share, 0.5) AS median, quantile_cont(share, 0.75) AS q3
        FROM (SELECT *, CAST(100 AS DOUBLE) * public / total AS share FROM fy)
        GROUP BY GROUPING SETS ((), (family), (type), (region))""")
    return bc.funding_tables(reg, cells, kinded(quartiles))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--job", required=True, choices=["barometer", "gender", "funding"])
    ap.add_argument("--datasets", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    if a.job == "barometer":
        tables = barometer(con, a.datasets, a.period)
    elif a.job == "gender":
        tables = gender(con, a.datasets, int(a.period))
    else:
        tables = funding(con, a.datasets, int(a.period))
    bc.write(a.out, a.job, a.period, "duckdb", tables)


if __name__ == "__main__":
    main()
