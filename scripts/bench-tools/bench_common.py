"""What the two peers of `scripts/bench` (peer_duckdb.py, peer_polars.py) share.

Each peer reads the same CSV files as `observatory` and has its engine (DuckDB or polars)
do the heavy work over the rows: parse, keep the later line of a member given twice, join
the registry, keep active members, and reduce every file to small tables of sums, counts
and medians. The unit of those sums is the *cell* (structure type x region): every group
of every breakdown (all, family, structure type, region) is a union of cells, so the sums
of a group are sums of its cells' sums. Medians and quartiles do not add up: the engine
computes them per group (GROUPING SETS in DuckDB, one group_by per breakdown in polars).

This module turns those small tables into the figures of the reports (SPEC.md 4.1-4.3,
and the README for what the engine adds: expansion weights of the employment-weighted
balance, merged strata of the post-stratified one, the extra gender indicators), with the
same formulas as observatory, in plain Python: it loops over at most a few thousand cells.
Only what needs no row is done here (roll-ups, strata merging, ratios, standard errors
from sums of squares). The peers do not apply the confidentiality rules, the disclosure
audit nor the jackknife of the deltas' standard errors: what they compute is the figure
itself, which `check.py` compares with observatory's output wherever observatory
publishes it.

Input dialect: what `observatory generate` writes (the excel-fr dialect with French
headers and answer words, `;`, decimal comma, BOM). Headers are matched as SPEC 3.2 says
(normalised, canonical names or French aliases), so the column order does not matter; the
peers do not attempt the rest of observatory's reader (thousands separators, sniffed
delimiters, Windows-1252), which generated files never need.
"""

import csv
import json
import math
import os
import re
import unicodedata

TYPES = ["AI", "ACI", "EI", "ETTI", "GEIQ", "SAP", "OTHER"]  # StructureType.allCases order
SIAE = {"AI", "ACI", "EI", "ETTI"}
BREAKDOWNS = ["all", "family", "structure_type", "region"]
QUESTIONS = ["activity_past", "activity_outlook", "employment_past", "employment_outlook", "cash_position"]
CLIMATE = ["activity_past", "activity_outlook", "employment_outlook", "cash_position"]
WEIGHTINGS = ["unweighted", "employment", "poststratified"]
VARIABLES = ["employees_integration", "employees_permanent", "hours_worked", "turnover_eur"]
POPULATIONS = ["integration", "permanent", "management", "board"]
SOURCES = ["sales", "state", "department", "region", "municipality", "esf", "other_public", "private_grants", "other_income"]
PUBLIC_SOURCES = ["state", "department", "region", "municipality", "esf", "other_public"]

# Answer words (SPEC 3.3), lower-cased.
OPINION_WORDS = {1: ["up", "hausse", "+", "1"], 0: ["stable", "=", "0"], -1: ["down", "baisse", "-1"]}
JUDGEMENT_WORDS = {1: ["easy", "aisee", "aisée"], 0: ["normal", "normale"], -1: ["difficult", "difficile"]}
TRUE_WORDS = ["yes", "oui", "true", "1"]


def family(t):
    return "SIAE" if t in SIAE else "other"


# ---------------------------------------------------------------- headers (SPEC 3.2, 3.3)

ALIASES = {
    "members": {"id_adherent": "member_id", "nom": "name", "region": "region", "departement": "department",
                "type_structure": "structure_type", "type": "structure_type", "actif": "active"},
    "barometer": {"id_adherent": "member_id", "trimestre": "quarter", "activite_passee": "activity_past",
                  "activite_prevue": "activity_outlook", "emploi_passe": "employment_past",
                  "emploi_prevu": "employment_outlook", "tresorerie": "cash_position",
                  "salaries_insertion": "employees_integration", "salaries_permanents": "employees_permanent",
                  "heures_travaillees": "hours_worked", "chiffre_d_affaires": "turnover_eur",
                  "chiffre_affaires": "turnover_eur"},
    "gender": {"id_adherent": "member_id", "annee": "year", "population": "population", "sexe": "sex",
               "effectif": "headcount", "heures": "hours_worked", "heures_travaillees": "hours_worked",
               "remuneration_brute": "gross_pay_eur", "formes": "trained", "sorties": "exits",
               "sorties_emploi": "exits_to_employment"},
    "funding": {"id_adherent": "member_id", "annee": "year", "ventes": "sales_eur", "etat": "state_eur",
                "departement": "department_eur", "region": "region_eur", "communes": "municipality_eur",
                "fse": "esf_eur", "autres_publics": "other_public_eur", "subventions_privees": "private_grants_eur",
                "autres_produits": "other_income_eur"},
}
REQUIRED = {
    "members": ["member_id", "region", "structure_type"],
    "barometer": ["member_id"] + QUESTIONS + VARIABLES,
    "gender": ["member_id", "population", "sex", "headcount", "hours_worked", "gross_pay_eur", "trained", "exits",
               "exits_to_employment"],
    "funding": ["member_id"] + [s + "_eur" for s in SOURCES],
}


def normalize_header(name):
    name = unicodedata.normalize("NFD", name.strip().lower())
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = re.sub(r"[\s\-'\u2019_]+", "_", name)
    return name.strip("_")


def header(path, kind):
    """The canonical name of each column of `path`, in file order (unknown columns keep
    their normalised name)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        names = next(csv.reader(f, delimiter=";"))
    aliases = ALIASES[kind]
    canonical = [aliases.get(normalize_header(n), normalize_header(n)) for n in names]
    missing = [c for c in REQUIRED[kind] if c not in canonical]
    if missing:
        raise SystemExit(f"{path}: missing column(s) {', '.join(missing)}")
    return canonical


# ---------------------------------------------------------------- inputs of a job

def period_files(datasets, folder):
    """{period: path} of the files of `folder` (2014-Q4.csv, 2014.csv; T accepted for Q)."""
    out = {}
    d = os.path.join(datasets, folder)
    for name in sorted(os.listdir(d)):
        m = re.fullmatch(r"(\d{4})-[QqTt]([1-4])\.csv", name, re.I) if folder == "barometer" else \
            re.fullmatch(r"(\d{4})\.csv", name, re.I)
        if not m:
            raise SystemExit(f"{d}/{name}: not a period of {folder}/")
        key = f"{m.group(1)}-Q{m.group(2)}" if folder == "barometer" else m.group(1)
        out[key] = os.path.join(d, name)
    return out


def quarter_shift(q, k):
    y, n = int(q[:4]), int(q[-1])
    i = y * 4 + (n - 1) + k
    return f"{i // 4}-Q{i % 4 + 1}"


# ---------------------------------------------------------------- groups

def cell_groups(t, region):
    return [("all", "all"), ("family", family(t)), ("structure_type", t), ("region", region)]


def group_sort_key(g):
    return (BREAKDOWNS.index(g[0]), [ord(c) for c in g[1]])


class Frame:
    """Groups with at least one active member (SPEC 4), N per group and N_h per group and type,
    from the registry cells [(type, region, active members)]."""

    def __init__(self, registry_cells):
        self.active = {}
        self.by_type = {}
        for t, region, n in registry_cells:
            if not n:
                continue
            for g in cell_groups(t, region):
                self.active[g] = self.active.get(g, 0) + n
                d = self.by_type.setdefault(g, {})
                d[t] = d.get(t, 0) + n
        self.groups = sorted(self.active, key=group_sort_key)


def rollup(rows, fields):
    """Sums of `fields` per group and per (group, type) from rows carrying `type` and
    `region`: ({group: sums}, {(group, type): sums})."""
    by_group, by_group_type = {}, {}
    for r in rows:
        t = r["type"]
        for g in cell_groups(t, r["region"]):
            for target, key in ((by_group, g), (by_group_type, (g, t))):
                s = target.get(key)
                if s is None:
                    s = target[key] = dict.fromkeys(fields, 0)
                for f in fields:
                    v = r[f]
                    if v is not None:
                        s[f] += v
    return by_group, by_group_type


def median_key(r):
    """The group a row of a per-group median query stands for: `kind` is all, family,
    structure_type, region or cell (type x region)."""
    k = r["kind"]
    if k == "all":
        return ("all", "all")
    if k == "family":
        return ("family", r["family"])
    if k == "structure_type":
        return ("structure_type", r["type"])
    if k == "region":
        return ("region", r["region"])
    return ("cell", r["type"], r["region"])


def num(x):
    """A value for JSON: None for missing, NaN or infinite."""
    if x is None or isinstance(x, int):
        return x
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- barometer (SPEC 4.1)

def cell_fields():
    f = ["respondents"]
    for q in QUESTIONS:
        f += [f"{q}_{s}" for s in ("n", "up", "down", "nk", "nzk", "sx", "sxu", "sxd", "sx2", "sx2u", "sx2d", "mu", "md")]
    for v in VARIABLES:
        f += [f"{v}_n", f"{v}_sum"]
    return f


def constant_fields():
    f = []
    for v in VARIABLES:
        f += [f"{v}_n", f"{v}_now", f"{v}_before"]
    return f


def unweighted(n, up, down, N):
    """SRSWOR from the N active members of the group: se = 100 sqrt((1 - n/N) s2 / n)."""
    if n <= 0:
        return None
    mean = (up - down) / n
    se = None
    if n >= 2:
        s2 = ((up + down) - n * mean * mean) / (n - 1)
        fpc = max(0.0, 1 - n / N) if N > 0 else 1.0
        se = 100 * math.sqrt(max(0.0, fpc * s2 / n))
    return dict(n=n, pct_up=100 * up / n, pct_stable=100 * (n - up - down) / n, pct_down=100 * down / n,
                balance=100 * mean, se=se)


def merge_plan(types):
    """observatory's OpinionEstimator.mergePlan: strata of fewer than 2 answers merged into
    GEIQ -> OTHER, EI -> ETTI, else the stratum of the same family with the most answers,
    else any with the most; the smallest stratum first, ties in type-name order.
    `types` = [(type, count, population)] in TYPES order; returns lists of positions."""
    strata = [dict(members=[i], type=t, count=c) for i, (t, c, p) in enumerate(types) if p > 0 or c > 0]
    preferred = {"GEIQ": "OTHER", "EI": "ETTI"}
    while len(strata) > 1:
        small = [i for i, s in enumerate(strata) if s["count"] < 2]
        if not small:
            break
        si = min(small, key=lambda i: (strata[i]["count"], strata[i]["type"]))
        source = strata[si]
        others = [i for i in range(len(strata)) if i != si]

        def most(cands):
            if not cands:
                return None
            best = cands[0]
            for i in cands[1:]:
                a, b = strata[best], strata[i]
                # max by count, ties to the smaller type name (observatory's comparator)
                if (a["count"], b["type"]) < (b["count"], a["type"]):
                    best = i
            return best

        target = None
        want = preferred.get(source["type"])
        if want is not None:
            for i in others:
                if any(types[m][0] == want for m in strata[i]["members"]):
                    target = i
                    break
        if target is None:
            target = most([i for i in others if family(strata[i]["type"]) == family(source["type"])])
        if target is None:
            target = most(others)
        strata[target]["members"] += source["members"]
        strata[target]["count"] += source["count"]
        del strata[si]
    return [s["members"] for s in strata]


def poststratified(strata):
    """strata = [(n_h, up_h, down_h, N_h)] (merged): mean = sum (N_h/N_s) ybar_h over strata
    with answers, var = sum (N_h/N_s)^2 (1 - n_h/N_h) s_h^2 / n_h."""
    used = [s for s in strata if s[0] > 0]
    if not used:
        return None
    Ns = sum(s[3] for s in used)
    if Ns <= 0:
        return None
    up = stable = down = var = 0.0
    n = 0
    for nh, u, d, Nh in used:
        n += nh
        w = Nh / Ns
        up += w * u / nh
        down += w * d / nh
        stable += w * (nh - u - d) / nh
        if nh >= 2:
            mean = (u - d) / nh
            s2 = ((u + d) - nh * mean * mean) / (nh - 1)
            fpc = max(0.0, 1 - nh / Nh)
            var += w * w * fpc * s2 / nh
    return dict(n=n, pct_up=100 * up, pct_stable=100 * stable, pct_down=100 * down, balance=100 * (up - down),
                se=100 * math.sqrt(max(0.0, var)))


def employment_weighted(strata, overall_median):
    """Expansion weights w_i = (N_h/n_h) x_i (x_i = staff, the stratum's median when missing,
    the group's median when the stratum has none), B = 100 sum w y / sum w, linearised se
    (observatory's EmploymentWeightedBalance.swift), from per-stratum sums:
    s = dict(n, up, down, nk, nzk, sx, sxu, sxd, sx2, sx2u, sx2d, mu, md), med, N."""
    used = [(s, med, N) for s, med, N in strata if s["n"] > 0]
    if not used:
        return None
    if overall_median is None:
        return None
    parts = []
    W = UP = DOWN = 0.0
    n = contributors = 0
    for s, med, N in used:
        nh = s["n"]
        n += nh
        m = med if med is not None else overall_median
        Nh = max(N, nh)
        e = Nh / nh
        nm = nh - s["nk"]
        mu, md = s["mu"], s["md"]
        sx = s["sx"] + nm * m
        sxu = s["sxu"] + mu * m
        sxd = s["sxd"] + md * m
        sx2 = s["sx2"] + nm * m * m
        sx2u = s["sx2u"] + mu * m * m
        sx2d = s["sx2d"] + md * m * m
        contributors += s["nzk"] + (nm if m > 0 else 0)
        W += e * sx
        UP += e * sxu
        DOWN += e * sxd
        parts.append((nh, Nh, e, sx, sxu - sxd, sx2, sx2u - sx2d, sx2u + sx2d))
    if W <= 0:
        return None
    R = (UP - DOWN) / W
    var = 0.0
    for nh, Nh, e, sx, sxy, sx2, sx2y, sx2y2 in parts:
        if nh < 2:
            continue
        fpc = max(0.0, 1 - nh / Nh)
        sz = e * (sxy - R * sx) / W
        sz2 = e * e * (sx2y2 - 2 * R * sx2y + R * R * sx2) / (W * W)
        var += fpc * nh / (nh - 1) * max(0.0, sz2 - sz * sz / nh)
    return dict(n=contributors, pct_up=100 * UP / W, pct_stable=100 * (W - UP - DOWN) / W, pct_down=100 * DOWN / W,
                balance=100 * R, se=100 * math.sqrt(var))


def barometer_tables(quarter, registry_cells, cells, medians, constant):
    """The barometer's figures for `quarter` from the engine's reductions:
    cells: rows (quarter, type, region, cell_fields()); medians: rows (quarter, kind, family,
    type, region, <question>_xmed, <variable>_med); constant: rows (lag, type, region,
    constant_fields()) with lag in prev_quarter / prev_year."""
    frame = Frame(registry_cells)
    fields = cell_fields()
    quarters = sorted({r["quarter"] for r in cells} | {r["quarter"] for r in medians})
    quarters = [q for q in quarters if q <= quarter]
    med = {}
    for r in medians:
        med[(r["quarter"],) + median_key(r)] = r
    per_quarter = {}
    for q in quarters:
        by_group, by_group_type = rollup([r for r in cells if r["quarter"] == q], fields)
        balances, quantities = {}, {}
        for g in frame.groups:
            s = by_group.get(g) or dict.fromkeys(fields, 0)
            N = frame.active[g]
            pops = frame.by_type.get(g, {})
            gmed = med.get((q,) + g, {})
            for question in QUESTIONS:
                p = question + "_"
                balances[(g, question, "unweighted")] = unweighted(s[p + "n"], s[p + "up"], s[p + "down"], N)
                # post-stratified, strata = types merged
                types = []
                for t in TYPES:
                    st = by_group_type.get((g, t))
                    c = st[p + "n"] if st else 0
                    types.append((t, c, pops.get(t, c)))
                strata = []
                for members in merge_plan(types):
                    nh = uh = dh = Nh = 0
                    for i in members:
                        st = by_group_type.get((g, types[i][0]))
                        if st:
                            nh += st[p + "n"]
                            uh += st[p + "up"]
                            dh += st[p + "down"]
                        Nh += types[i][2]
                    strata.append((nh, uh, dh, Nh))
                balances[(g, question, "poststratified")] = poststratified(strata)
                # employment-weighted, strata = types (not merged)
                wstrata = []
                for t in TYPES:
                    st = by_group_type.get((g, t))
                    if not st or st[p + "n"] == 0:
                        continue
                    key = (q, "cell", t, g[1]) if g[0] == "region" else (q, "structure_type", t)
                    sums = {k: st[p + k] for k in ("n", "up", "down", "nk", "nzk", "sx", "sxu", "sxd", "sx2", "sx2u",
                                                   "sx2d", "mu", "md")}
                    wstrata.append((sums, med.get(key, {}).get(question + "_xmed"), pops.get(t, st[p + "n"])))
                balances[(g, question, "employment")] = employment_weighted(wstrata, gmed.get(question + "_xmed"))
            for w in WEIGHTINGS:
                parts = [balances[(g, c, w)] for c in CLIMATE]
                if all(x is not None for x in parts):
                    balances[(g, "climate", w)] = dict(n=min(x["n"] for x in parts),
                                                       balance=sum(x["balance"] for x in parts) / 4)
                else:
                    balances[(g, "climate", w)] = None
            for v in VARIABLES:
                n = s[v + "_n"]
                total = s[v + "_sum"]
                if v in ("hours_worked", "turnover_eur"):
                    total = total / 100  # exact hundredths / cents
                quantities[(g, v)] = dict(n=n, total=total if n else None, median=gmed.get(v + "_med"))
        per_quarter[q] = (balances, quantities, by_group)

    balances, quantities, by_group = per_quarter.get(quarter, ({}, {}, {}))
    previous = {"prev_quarter": quarter_shift(quarter, -1), "prev_year": quarter_shift(quarter, -4)}
    out_bal = []
    for g in frame.groups:
        for question in QUESTIONS + ["climate"]:
            for w in WEIGHTINGS:
                e = balances.get((g, question, w))
                row = dict(breakdown=g[0], group=g[1], question=question, weighting=w)
                if e:
                    row.update({k: num(x) for k, x in e.items()})
                    if question == "climate":
                        row.update(pct_up=None, pct_stable=None, pct_down=None, se=None)
                    for lag, col in (("prev_quarter", "delta_prev_quarter"), ("prev_year", "delta_prev_year")):
                        before = per_quarter.get(previous[lag], ({},))[0].get((g, question, w))
                        row[col] = num(e["balance"] - before["balance"]) if before else None
                out_bal.append(row)
    cons = {}
    for lag in ("prev_quarter", "prev_year"):
        cons[lag] = rollup([r for r in constant if r["lag"] == lag], constant_fields())[0]
    out_q = []
    for g in frame.groups:
        for v in VARIABLES:
            qrow = quantities.get((g, v), dict(n=0, total=None, median=None))
            row = dict(breakdown=g[0], group=g[1], variable=v, n=qrow["n"], total=num(qrow["total"]),
                       median=num(qrow["median"]))
            for lag, ccol, ncol in (("prev_quarter", "change_prev_quarter", "n_constant_prev_quarter"),
                                    ("prev_year", "change_prev_year", "n_constant_prev_year")):
                if previous[lag] not in per_quarter:
                    continue
                c = cons[lag].get(g)
                nc = c[v + "_n"] if c else 0
                row[ncol] = nc
                row[ccol] = num(100 * (c[v + "_now"] / c[v + "_before"] - 1)) if c and nc > 0 and c[v + "_before"] > 0 else None
            out_q.append(row)
    out_r = []
    for g in frame.groups:
        a = frame.active[g]
        resp = (by_group.get(g) or {}).get("respondents", 0)
        out_r.append(dict(breakdown=g[0], group=g[1], active_members=a, respondents=resp,
                          response_rate=100 * resp / a if a else 0.0))
    out_s = []
    for g in frame.groups:
        if g[0] == "region":
            continue
        for question in QUESTIONS + ["climate"]:
            for w in WEIGHTINGS:
                for q in quarters:
                    e = per_quarter[q][0].get((g, question, w))
                    out_s.append(dict(breakdown=g[0], group=g[1], question=question, weighting=w, quarter=q,
                                      n=e["n"] if e else 0, balance=num(e["balance"]) if e else None))
    return dict(balances=out_bal, quantities=out_q, response=out_r, series=out_s)


# ---------------------------------------------------------------- gender (SPEC 4.2)

GENDER_PAIR_INDICATORS = {
    # indicator: (numerator F, numerator M, denominator F, denominator M) sums; scale of F/M
    "hours_per_head": ("hF", "hM", "cF", "cM"),
    "hourly_pay": ("pF", "pM", "hF", "hM"),
    "training_rate": ("tF", "tM", "cF", "cM"),
    "exit_to_employment_rate": ("eeF", "eeM", "exF", "exM"),
}
GENDER_INDICATORS = ["headcount", "hours_per_head", "hourly_pay", "hourly_pay_all_members", "annual_pay_per_head",
                     "training_rate", "exit_to_employment_rate"]


def gender_fields():
    f = ["rows", "women", "men", "staffed", "in_zone", "with_woman", "cope"]
    for ind, sums in GENDER_PAIR_INDICATORS.items():
        f += [f"{ind}_n"] + [f"{ind}_{s}" for s in sums]
    for ind in ("hourly_pay_all_members", "annual_pay_per_head"):
        f += [f"{ind}_{s}" for s in ("n", "payF", "payM", "baseF", "baseM")]
    f += ["chg_n", "chg_women", "chg_all", "chg_women_before", "chg_all_before"]
    return f


def gender_tables(registry_cells, cells, quartiles):
    """cells: rows (population, type, region, gender_fields()) of year Y (the chg_ fields: the
    constant sample with Y-1); quartiles: rows (population, kind, family, type, region, q1,
    median, q3) of the members' women's shares."""
    frame = Frame(registry_cells)
    fields = gender_fields()
    quart = {(r["population"],) + median_key(r): r for r in quartiles}
    indicators, distribution, changes = [], [], []
    per_pop = {p: rollup([r for r in cells if r["population"] == p], fields)[0] for p in POPULATIONS}
    for g in frame.groups:
        for p in POPULATIONS:
            s = per_pop[p].get(g) or dict.fromkeys(fields, 0)
            base = dict(breakdown=g[0], group=g[1], population=p)
            for ind in GENDER_INDICATORS:
                row = dict(base, indicator=ind, female=None, male=None, value=None, n=0)
                if ind == "headcount":
                    row["n"] = s["rows"]
                    if s["rows"]:
                        total = s["women"] + s["men"]
                        row.update(female=s["women"], male=s["men"],
                                   value=100 * s["women"] / total if total > 0 else None)
                elif ind in GENDER_PAIR_INDICATORS:
                    a, b, c, d = (s[f"{ind}_{k}"] for k in GENDER_PAIR_INDICATORS[ind])
                    n = s[f"{ind}_n"]
                    row["n"] = n
                    if n > 0 and c > 0 and d > 0:
                        scale = 100 if ind == "hours_per_head" else 1  # hundredths of hours per person
                        f, m = a / c / scale, b / d / scale
                        if ind in ("hours_per_head", "hourly_pay"):
                            row.update(female=f, male=m, value=100 * (m - f) / m if m > 0 else None)
                        else:
                            row.update(female=100 * f, male=100 * m, value=100 * (m - f))
                else:
                    n = s[f"{ind}_n"]
                    row["n"] = n
                    bF, bM = s[f"{ind}_baseF"], s[f"{ind}_baseM"]
                    if n > 0 and bF > 0 and bM > 0:
                        scale = 1 if ind == "hourly_pay_all_members" else 100
                        f, m = s[f"{ind}_payF"] / bF / scale, s[f"{ind}_payM"] / bM / scale
                        row.update(female=f, male=m, value=100 * (m - f) / m if m > 0 else None)
                indicators.append({k: (num(v) if isinstance(v, float) else v) for k, v in row.items()})
            qr = quart.get((p,) + g, {})
            staffed = s["staffed"]
            row = dict(base, n=staffed, women_share_q1=num(qr.get("q1")), women_share_median=num(qr.get("median")),
                       women_share_q3=num(qr.get("q3")), parity_zone_pct=None, with_a_woman_pct=None,
                       cope_zimmermann_pct=None)
            if staffed:
                if p in ("management", "board"):
                    row["parity_zone_pct"] = 100 * s["in_zone"] / staffed
                if p == "management":
                    row["with_a_woman_pct"] = 100 * s["with_woman"] / staffed
                if p == "board":
                    row["cope_zimmermann_pct"] = 100 * s["cope"] / staffed
            distribution.append(row)
            n = s["chg_n"]
            changes.append(dict(base, n=n,
                                share_now=100 * s["chg_women"] / s["chg_all"] if n else None,
                                share_before=100 * s["chg_women_before"] / s["chg_all_before"] if n else None))
    return dict(indicators=indicators, distribution=distribution, share_changes=changes)


# ---------------------------------------------------------------- funding (SPEC 4.3)

def funding_fields():
    f = ["n", "total", "public", "share_sum", "chg_n", "chg_total_now", "chg_total_then", "chg_public_now",
         "chg_public_then"]
    for s in SOURCES:
        f += [f"{s}_amount", f"{s}_n"]
    return f


def funding_tables(registry_cells, cells, quartiles):
    """cells: rows (type, region, funding_fields()) in cents; quartiles: rows (kind, family,
    type, region, q1, median, q3) of the members' public shares."""
    frame = Frame(registry_cells)
    fields = funding_fields()
    by_group = rollup(cells, fields)[0]
    quart = {median_key(r): r for r in quartiles}
    shares, sources = [], []
    for g in frame.groups:
        s = by_group.get(g) or dict.fromkeys(fields, 0)
        qr = quart.get(g, {})
        row = dict(breakdown=g[0], group=g[1], n=s["n"], total_eur=s["total"] / 100, public_eur=s["public"] / 100,
                   public_share=None, activity_share=None, member_public_share_mean=None,
                   member_public_share_q1=None, member_public_share_median=None, member_public_share_q3=None,
                   change_total_prev_year=None, change_public_prev_year=None, n_constant=s["chg_n"])
        if s["total"] > 0:
            row.update(public_share=100 * s["public"] / s["total"], activity_share=100 * s["sales_amount"] / s["total"],
                       member_public_share_mean=s["share_sum"] / s["n"], member_public_share_q1=num(qr.get("q1")),
                       member_public_share_median=num(qr.get("median")), member_public_share_q3=num(qr.get("q3")))
        if s["chg_n"] > 0:
            if s["chg_total_then"] > 0:
                row["change_total_prev_year"] = 100 * (s["chg_total_now"] / s["chg_total_then"] - 1)
            if s["chg_public_then"] > 0:
                row["change_public_prev_year"] = 100 * (s["chg_public_now"] / s["chg_public_then"] - 1)
        shares.append(row)
        for src in SOURCES:
            amount = s[f"{src}_amount"]
            r = dict(breakdown=g[0], group=g[1], source=src, amount_eur=amount / 100, share_of_total=None,
                     share_of_public=None, n=s[f"{src}_n"])
            if s["total"] > 0:
                r["share_of_total"] = 100 * amount / s["total"]
                if src in PUBLIC_SOURCES and s["public"] > 0:
                    r["share_of_public"] = 100 * amount / s["public"]
            sources.append(r)
    return dict(shares=shares, sources=sources)


# ---------------------------------------------------------------- output

def write(path, job, period, tool, tables):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(dict(job=job, period=period, tool=tool, tables=tables), f)
    os.replace(tmp, path)


def rows_to_dicts(names, rows):
    return [dict(zip(names, r)) for r in rows]
