#!/usr/bin/env python3
"""polars peer of `scripts/bench`: one observatory job over the same CSV files, with polars.

    peer_polars.py --job barometer|gender|funding --datasets DIR --period 2014-Q4|2014 --out FILE.json

The same reductions as peer_duckdb.py, in polars expressions: sums per cell (structure type
x region), medians and quartiles per group (one group_by per breakdown, collected together),
constant samples by a join with the earlier period. bench_common.py turns them into the
report figures; the result is written as JSON for check.py. POLARS_MAX_THREADS is set from
--threads (2 by default) before polars is imported.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common as bc  # noqa: E402

pl = None  # imported in main, after POLARS_MAX_THREADS is set


def scan(path, kind, types):
    names = bc.header(path, kind)
    return pl.scan_csv(path, separator=";", has_header=True, new_columns=names, decimal_comma=True,
                       schema_overrides={n: types.get(n, pl.String) for n in names}, quote_char='"')


def code(col, words):
    mapping = {w: v for v, ws in words.items() for w in ws}
    return pl.col(col).str.strip_chars().str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.Int8)


def cents(col):
    return (pl.col(col) * 100).round().cast(pl.Int64)


def family_expr():
    return pl.when(pl.col("type").is_in(list(bc.SIAE))).then(pl.lit("SIAE")).otherwise(pl.lit("other")).alias("family")


def registry(datasets):
    active = pl.col("active").str.strip_chars().str.to_lowercase()
    reg = (scan(os.path.join(datasets, "members.csv"), "members", {})
           .select(pl.col("member_id").alias("id"), pl.col("region").str.strip_chars(),
                   pl.col("structure_type").str.strip_chars().str.to_uppercase().alias("type"),
                   (active.is_null() | (active == "") | ~active.is_in(["no", "non", "false", "0"])).alias("active"))
           .unique(subset=["id"], keep="first")  # a member_id given twice: the first row is kept
           .filter(pl.col("active")).drop("active")
           .with_columns(family_expr())
           .collect())
    cells = reg.group_by(["type", "region"]).len().rows()
    return reg, cells


def per_group(lf, prefix_keys, aggs):
    """The aggregates per group of each breakdown (and per cell): one lazy query per
    grouping, collected together; rows carry `kind` and null for the columns not grouped."""
    groupings = [("all", []), ("family", ["family"]), ("structure_type", ["type"]), ("region", ["region"]),
                 ("cell", ["type", "region"])]
    queries = []
    for kind, keys in groupings:
        q = lf.group_by(prefix_keys + keys if prefix_keys + keys else pl.lit(1).alias("_all")).agg(aggs)
        q = q.with_columns(pl.lit(kind).alias("kind"),
                           *[pl.lit(None, dtype=pl.String).alias(c) for c in ("family", "type", "region") if c not in keys])
        if not prefix_keys + keys:
            q = q.drop("_all")
        queries.append(q)
    out = []
    for df in pl.collect_all(queries):
        out += df.to_dicts()
    return out


def barometer(datasets, quarter):
    reg, reg_cells = registry(datasets)
    files = {q: p for q, p in bc.period_files(datasets, "barometer").items() if q <= quarter}
    types = {"employees_integration": pl.Int64, "employees_permanent": pl.Int64, "hours_worked": pl.Float64,
             "turnover_eur": pl.Float64}
    parts = []
    for q, path in files.items():
        parts.append(scan(path, "barometer", types).select(
            pl.lit(q).alias("q"), pl.col("member_id").alias("id"),
            *[code(c, bc.JUDGEMENT_WORDS if c == "cash_position" else bc.OPINION_WORDS).alias(c) for c in bc.QUESTIONS],
            pl.col("employees_integration").alias("ei"), pl.col("employees_permanent").alias("ep"),
            cents("hours_worked").alias("hh"), cents("turnover_eur").alias("tc"))
            .unique(subset=["id"], keep="last"))  # the later line of a member given twice wins
    x = (pl.when(pl.col("ei").is_null() & pl.col("ep").is_null()).then(None)
         .otherwise(pl.col("ei").fill_null(0) + pl.col("ep").fill_null(0)))
    b = pl.concat(parts).join(reg.lazy(), on="id", how="inner").with_columns(x.alias("x")).collect()
    X = pl.col("x")
    aggs = [pl.len().alias("respondents")]
    for c in bc.QUESTIONS:
        C = pl.col(c)
        has = C.is_not_null()
        aggs += [C.count().alias(f"{c}_n"), (C == 1).sum().alias(f"{c}_up"), (C == -1).sum().alias(f"{c}_down"),
                 (has & X.is_not_null()).sum().alias(f"{c}_nk"), (has & (X > 0)).sum().alias(f"{c}_nzk"),
                 X.filter(has).sum().alias(f"{c}_sx"), X.filter(C == 1).sum().alias(f"{c}_sxu"),
                 X.filter(C == -1).sum().alias(f"{c}_sxd"), (X * X).filter(has).sum().alias(f"{c}_sx2"),
                 (X * X).filter(C == 1).sum().alias(f"{c}_sx2u"), (X * X).filter(C == -1).sum().alias(f"{c}_sx2d"),
                 ((C == 1) & X.is_null()).sum().alias(f"{c}_mu"), ((C == -1) & X.is_null()).sum().alias(f"{c}_md")]
    for v, col in zip(bc.VARIABLES, ["ei", "ep", "hh", "tc"]):
        aggs += [pl.col(col).count().alias(f"{v}_n"), pl.col(col).sum().alias(f"{v}_sum")]
    bl = b.lazy()
    cells_q = bl.group_by(["q", "type", "region"]).agg(aggs).rename({"q": "quarter"})
    meds = [X.cast(pl.Float64).filter(pl.col(c).is_not_null()).median().alias(f"{c}_xmed") for c in bc.QUESTIONS]
    meds += [e.median().alias(f"{v}_med") for v, e in zip(bc.VARIABLES, [
        pl.col("ei").cast(pl.Float64), pl.col("ep").cast(pl.Float64), pl.col("hh") / 100.0, pl.col("tc") / 100.0])]
    constant_q = []
    for lag, k in (("prev_quarter", -1), ("prev_year", -4)):
        prev = bc.quarter_shift(quarter, k)
        if prev not in files:
            continue
        cols = ["ei", "ep", "hh", "tc"]
        joined = bl.filter(pl.col("q") == quarter).join(
            bl.filter(pl.col("q") == prev).select(["id"] + [pl.col(c).alias(c + "_p") for c in cols]), on="id")
        caggs = []
        for v, col in zip(bc.VARIABLES, cols):
            both = pl.col(col).is_not_null() & pl.col(col + "_p").is_not_null()
            caggs += [both.sum().alias(f"{v}_n"), pl.col(col).filter(both).sum().alias(f"{v}_now"),
                      pl.col(col + "_p").filter(both).sum().alias(f"{v}_before")]
        constant_q.append(joined.group_by(["type", "region"]).agg(caggs).with_columns(pl.lit(lag).alias("lag")))
    cells_df, *constant_dfs = pl.collect_all([cells_q] + constant_q)
    medians = per_group(bl, ["q"], meds)
    for r in medians:
        r["quarter"] = r.pop("q")
    constant = []
    for df in constant_dfs:
        constant += df.to_dicts()
    return bc.barometer_tables(quarter, reg_cells, cells_df.to_dicts(), medians, constant)


def gender_pairs(path, reg):
    types = {"headcount": pl.Int64, "hours_worked": pl.Float64, "gross_pay_eur": pl.Float64, "trained": pl.Int64,
             "exits": pl.Int64, "exits_to_employment": pl.Int64}
    sex = pl.col("sex").str.strip_chars().str.to_uppercase()
    rows = (scan(path, "gender", types).select(
        pl.col("member_id").alias("id"), pl.col("population").str.strip_chars().str.to_lowercase().alias("pop"),
        pl.when(sex.is_in(["F", "W", "FEMME"])).then(pl.lit("F")).when(sex.is_in(["M", "HOMME"])).then(pl.lit("M"))
        .alias("sex"),
        pl.col("headcount").alias("hc"), cents("hours_worked").alias("hh"), cents("gross_pay_eur").alias("pc"),
        pl.col("trained").alias("tr"), pl.col("exits").alias("ex"), pl.col("exits_to_employment").alias("ee"))
        .unique(subset=["id", "pop", "sex"], keep="last"))  # later line wins
    cols = ["hc", "hh", "pc", "tr", "ex", "ee"]
    women = rows.filter(pl.col("sex") == "F").select(["id", "pop"] + [pl.col(c).alias(c + "F") for c in cols])
    men = rows.filter(pl.col("sex") == "M").select(["id", "pop"] + [pl.col(c).alias(c + "M") for c in cols])
    return women.join(men, on=["id", "pop"], how="full", coalesce=True).join(reg.lazy(), on="id", how="inner")


def gender(datasets, year):
    reg, reg_cells = registry(datasets)
    files = bc.period_files(datasets, "gender")
    current = gender_pairs(files[str(year)], reg).collect()
    pairs = current.lazy()
    col = pl.col
    f, m = col("hcF").fill_null(0), col("hcM").fill_null(0)
    both = col("hcF").is_not_null() & col("hcM").is_not_null()
    conds = {
        "hours_per_head": (both & (col("hcF") > 0) & (col("hcM") > 0) & col("hhF").is_not_null() & col("hhM").is_not_null(),
                           ["hhF", "hhM", "hcF", "hcM"]),
        "hourly_pay": (both & (col("hhF").fill_null(0) > 0) & (col("hhM").fill_null(0) > 0) & col("pcF").is_not_null()
                       & col("pcM").is_not_null(), ["pcF", "pcM", "hhF", "hhM"]),
        "training_rate": (both & (col("hcF") > 0) & (col("hcM") > 0) & col("trF").is_not_null() & col("trM").is_not_null(),
                          ["trF", "trM", "hcF", "hcM"]),
        "exit_to_employment_rate": (both & (col("exF").fill_null(0) > 0) & (col("exM").fill_null(0) > 0)
                                    & col("eeF").is_not_null() & col("eeM").is_not_null(), ["eeF", "eeM", "exF", "exM"]),
    }
    staffed = (f + m) > 0
    aggs = [pl.len().alias("rows"), f.sum().alias("women"), m.sum().alias("men"), staffed.sum().alias("staffed"),
            (staffed & (2 * (f + m) <= 5 * f) & (5 * f <= 3 * (f + m))).sum().alias("in_zone"),
            (staffed & (f > 0)).sum().alias("with_woman"),
            (staffed & pl.when((f + m) > 8).then((5 * f >= 2 * (f + m)) & (5 * m >= 2 * (f + m)))
             .otherwise((f - m).abs() <= 2)).sum().alias("cope")]
    for ind, (cond, cols) in conds.items():
        aggs.append(cond.sum().alias(f"{ind}_n"))
        aggs += [col(c).filter(cond).sum().alias(f"{ind}_{k}") for c, k in zip(cols, bc.GENDER_PAIR_INDICATORS[ind])]
    for ind, base in (("hourly_pay_all_members", "hh"), ("annual_pay_per_head", "hc")):
        paid = {s: col(f"pc{s}").is_not_null() & (col(f"{base}{s}").fill_null(0) > 0) for s in ("F", "M")}
        aggs += [(paid["F"] | paid["M"]).sum().alias(f"{ind}_n"),
                 col("pcF").filter(paid["F"]).sum().alias(f"{ind}_payF"),
                 col("pcM").filter(paid["M"]).sum().alias(f"{ind}_payM"),
                 col(f"{base}F").filter(paid["F"]).sum().alias(f"{ind}_baseF"),
                 col(f"{base}M").filter(paid["M"]).sum().alias(f"{ind}_baseM")]
    if str(year - 1) in files:
        before = gender_pairs(files[str(year - 1)], reg).select(
            "id", "pop", col("hcF").alias("p_hcF"), col("hcM").alias("p_hcM"), pl.lit(True).alias("p_has"))
        source = pairs.join(before, on=["id", "pop"], how="left")
        fb, mb = col("p_hcF").fill_null(0), col("p_hcM").fill_null(0)
        kept = staffed & col("p_has").is_not_null() & ((fb + mb) > 0)
        aggs += [kept.sum().alias("chg_n"), f.filter(kept).sum().alias("chg_women"),
                 (f + m).filter(kept).sum().alias("chg_all"), fb.filter(kept).sum().alias("chg_women_before"),
                 (fb + mb).filter(kept).sum().alias("chg_all_before")]
    else:
        source = pairs
        aggs += [pl.lit(0).alias(c) for c in ("chg_n", "chg_women", "chg_all", "chg_women_before", "chg_all_before")]
    cells = source.group_by(["pop", "type", "region"]).agg(aggs).rename({"pop": "population"}).collect().to_dicts()
    shares = current.lazy().filter(staffed).with_columns((100.0 * f.cast(pl.Float64) / (f + m)).alias("share"))
    share = col("share")
    quartiles = per_group(shares, ["pop"], [share.quantile(0.25, "linear").alias("q1"),
                                            share.quantile(0.5, "linear").alias("median"),
                                            share.quantile(0.75, "linear").alias("q3")])
    quartiles = [dict(r, population=r.pop("pop")) for r in quartiles if r["kind"] != "cell"]
    return bc.gender_tables(reg_cells, cells, quartiles)


def funding_members(path, reg):
    types = {s + "_eur": pl.Float64 for s in bc.SOURCES}
    total = sum((pl.col("s_" + s) for s in bc.SOURCES[1:]), pl.col("s_" + bc.SOURCES[0]))
    public = sum((pl.col("s_" + s) for s in bc.PUBLIC_SOURCES[1:]), pl.col("s_" + bc.PUBLIC_SOURCES[0]))
    return (scan(path, "funding", types)
            .select(pl.col("member_id").alias("id"), *[cents(s + "_eur").fill_null(0).alias("s_" + s) for s in bc.SOURCES])
            .unique(subset=["id"], keep="last")  # later line wins
            .with_columns(total.alias("total"), public.alias("public"))
            .filter(pl.col("total") > 0)  # a member whose total is 0 is rejected
            .join(reg.lazy(), on="id", how="inner"))


def funding(datasets, year):
    reg, reg_cells = registry(datasets)
    files = bc.period_files(datasets, "funding")
    current = funding_members(files[str(year)], reg).collect()
    col = pl.col
    aggs = [pl.len().alias("n"), col("total").sum().alias("total"), col("public").sum().alias("public"),
            (100.0 * col("public").cast(pl.Float64) / col("total")).sum().alias("share_sum")]
    for s in bc.SOURCES:
        aggs += [col("s_" + s).sum().alias(f"{s}_amount"), (col("s_" + s) > 0).sum().alias(f"{s}_n")]
    if str(year - 1) in files:
        before = funding_members(files[str(year - 1)], reg).select("id", col("total").alias("p_total"),
                                                                      col("public").alias("p_public"))
        source = current.lazy().join(before, on="id", how="left")
        kept = col("p_total").is_not_null()
        aggs += [kept.sum().alias("chg_n"), col("total").filter(kept).sum().alias("chg_total_now"),
                 col("p_total").filter(kept).sum().alias("chg_total_then"),
                 col("public").filter(kept).sum().alias("chg_public_now"),
                 col("p_public").filter(kept).sum().alias("chg_public_then")]
    else:
        source = current.lazy()
        aggs += [pl.lit(0).alias(c) for c in ("chg_n", "chg_total_now", "chg_total_then", "chg_public_now",
                                              "chg_public_then")]
    cells = source.group_by(["type", "region"]).agg(aggs).collect().to_dicts()
    shares = current.lazy().with_columns((100.0 * col("public").cast(pl.Float64) / col("total")).alias("share"))
    quartiles = per_group(shares, [], [col("share").quantile(0.25, "linear").alias("q1"),
                                       col("share").quantile(0.5, "linear").alias("median"),
                                       col("share").quantile(0.75, "linear").alias("q3")])
    quartiles = [r for r in quartiles if r["kind"] != "cell"]
    return bc.funding_tables(reg_cells, cells, quartiles)


def main():
    global pl
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--job", required=True, choices=["barometer", "gender", "funding"])
    ap.add_argument("--datasets", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(a.threads)
    import polars
    pl = polars
    if a.job == "barometer":
        tables = barometer(a.datasets, a.period)
    elif a.job == "gender":
        tables = gender(a.datasets, int(a.period))
    else:
        tables = funding(a.datasets, int(a.period))
    bc.write(a.out, a.job, a.period, "polars", tables)


if __name__ == "__main__":
    main()
