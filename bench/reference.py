#!/usr/bin/env python3
"""DuckDB reference jobs for bench/run.sh.

Subcommands (each prints one JSON object on stdout; progress goes to stderr):

  import    --families F --members M [--repeat 3] [--target file|memory] [--workdir DIR]
            Load the two PK CSV files into two DuckDB tables (read_csv, header=true, all_varchar=false, no
            validation), each repetition into a fresh database; reports every time and the best one.
  parquet   --families F --members M --out DIR
            Convert the two CSV files to DIR/keluarga.parquet and DIR/anggota.parquet (not timed by run.sh).
  recompute --parquet DIR [--repeat 2] [--agg-out FILE]
            Time one SQL statement that scores every family by docs/methodology.md (all 17
            variables, the member-based ones through a join/aggregate of anggota per family), derives the family
            dimension indices and exact categories, and materialises the region aggregates at all four levels
            (GROUPING SETS) into a table. Reports every time, the best one, and the province rows.
  compare   --agg FILE --kampungkb FILE
            Compare the DuckDB aggregates (--agg-out of recompute) with the JSON of
            `kampungkb index --region 17 --children --format json`: the province and each regency.

The methodology is re-implemented here from the spec, independently of the Rust code:
  * age = completed years on 30 June of pk_year (0 when born after it);
  * family dimension index = met/applicable of its non-NA variables, kept exactly as integer units of 1/420
    (420 = lcm(1..7): every dimension has at most 7 variables), so categories are decided exactly;
  * region dimension index = mean of the families' non-NA dimension indices, region iBangga = mean of the
    region's non-NA dimension indices.
"""

import argparse
import json
import math
import os
import sys
import time

try:
    import duckdb
except ImportError:  # pragma: no cover - run.sh checks this first
    sys.exit("python module duckdb is missing: pip install duckdb pyarrow")

UNIT = 420  # lcm(1..7); the largest dimension (kemandirian) has 7 variables

DIMENSIONS = ["ketenteraman", "kemandirian", "kebahagiaan"]
# (id, dimension index)
VARIABLES = [
    ("v01", 0), ("v02", 0), ("v03", 0), ("v04", 0), ("v05", 0), ("v06", 0),
    ("v07", 1), ("v08", 1), ("v09", 1), ("v10", 1), ("v11", 1), ("v12", 1), ("v13", 1),
    ("v14", 2), ("v15", 2), ("v16", 2), ("v17", 2),
]
CATEGORIES = ["rentan", "berkembang", "tangguh"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def q(path):
    """A SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------------- import
def cmd_import(args):
    times = []
    for i in range(args.repeat):
        if args.target == "file":
            db = os.path.join(args.workdir, "duckdb-import.duckdb")
            for p in (db, db + ".wal"):
                if os.path.exists(p):
                    os.remove(p)
        else:
            db = ":memory:"
        t0 = time.perf_counter()
        con = duckdb.connect(db)
        con.execute(f"CREATE TABLE k AS SELECT * FROM read_csv({q(args.families)}, header=true, all_varchar=false)")
        con.execute(f"CREATE TABLE a AS SELECT * FROM read_csv({q(args.members)}, header=true, all_varchar=false)")
        if args.target == "file":
            con.execute("CHECKPOINT")
        nk = con.execute("SELECT count(*) FROM k").fetchone()[0] if i == 0 else None
        na = con.execute("SELECT count(*) FROM a").fetchone()[0] if i == 0 else None
        con.close()
        dt = time.perf_counter() - t0
        times.append(dt)
        log(f"  duckdb import run {i + 1}/{args.repeat} ({args.target}): {dt:.3f} s"
            + (f" ({nk} families, {na} members)" if nk is not None else ""))
        if args.target == "file":
            for p in (db, db + ".wal"):
                if os.path.exists(p):
                    os.remove(p)
    print(json.dumps({"best": min(times), "times": times, "target": args.target, "threads": duckdb_threads()}))


def duckdb_threads():
    con = duckdb.connect()
    n = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.close()
    return n


# --------------------------------------------------------------------------------------------------- parquet
def cmd_parquet(args):
    os.makedirs(args.out, exist_ok=True)
    con = duckdb.connect()
    t0 = time.perf_counter()
    # Identifiers stay text; village codes are normalised to the dotted form (17.01.01.2001) so that the
    # district/regency/province prefixes are the first 8/5/2 characters.
    con.execute(f"""
        COPY (
          SELECT * REPLACE (
            CASE WHEN length(village_code) = 10
                 THEN substr(village_code, 1, 2) || '.' || substr(village_code, 3, 2) || '.'
                      || substr(village_code, 5, 2) || '.' || substr(village_code, 7, 4)
                 ELSE village_code END AS village_code)
          FROM read_csv({q(args.families)}, header=true, all_varchar=false,
                        types={{'family_id': 'VARCHAR', 'village_code': 'VARCHAR', 'kk_number': 'VARCHAR',
                               'rw': 'VARCHAR', 'rt': 'VARCHAR'}})
        ) TO {q(os.path.join(args.out, 'keluarga.parquet'))} (FORMAT parquet)""")
    con.execute(f"""
        COPY (
          SELECT * FROM read_csv({q(args.members)}, header=true, all_varchar=false,
                                 types={{'family_id': 'VARCHAR', 'nik': 'VARCHAR', 'name': 'VARCHAR',
                                        'birth_date': 'DATE'}})
        ) TO {q(os.path.join(args.out, 'anggota.parquet'))} (FORMAT parquet)""")
    dt = time.perf_counter() - t0
    log(f"  parquet written to {args.out} in {dt:.1f} s")
    print(json.dumps({"seconds": dt}))


# ------------------------------------------------------------------------------------------------- recompute
def answer(col):
    return f"CASE {col} WHEN 1 THEN 1 WHEN 2 THEN 0 END"


def dim_units(vars_):
    """Family dimension index in units of 1/UNIT (of 100): met * UNIT / applicable, NULL when all NA."""
    n = " + ".join(f"({v} IS NOT NULL)::INT" for v in vars_)
    m = " + ".join(f"coalesce({v}, 0)" for v in vars_)
    return f"CASE WHEN ({n}) = 0 THEN NULL ELSE ({m}) * ({UNIT} // ({n})) END"


def recompute_sql(pq):
    k = q(os.path.join(pq, "keluarga.parquet"))
    a = q(os.path.join(pq, "anggota.parquet"))
    house = ["p19", "p20", "p21", "p22", "p23", "p24", "p25", "p26"]
    dim_vars = [[v for v, d in VARIABLES if d == i] for i in range(3)]
    var_aggs = ",\n".join(
        f"      count({v}) AS {v}_app, sum({v}) AS {v}_met" for v, _ in VARIABLES)
    dim_aggs = ",\n".join(
        f"      sum(d{i}) AS d{i}_units, count(d{i}) AS d{i}_n" for i in range(3))
    return f"""
CREATE OR REPLACE TABLE agg AS
WITH fam AS (
  SELECT family_id, village_code, pk_year,
         {answer('p01')} AS v01, {answer('p02')} AS v02,
         CASE WHEN coalesce(p03a, p03b, p03c, p03d) IS NULL THEN NULL
              WHEN p03a = 1 OR p03b = 1 OR p03c = 1 OR p03d = 1 THEN 0 ELSE 1 END AS v05,
         {answer('p04')} AS v07, {answer('p05')} AS v08,
         CASE WHEN coalesce({', '.join(house)}) IS NULL THEN NULL
              WHEN ({' + '.join(f'coalesce(({c} = 1)::INT, 0)' for c in house)}) >= 6 THEN 1 ELSE 0 END AS v09,
         {answer('savings')} AS v10, {answer('sick_treated')} AS v12, {answer('online_media')} AS v13,
         {answer('daily_interaction')} AS v14, {answer('joint_parenting')} AS v15,
         {answer('recreation')} AS v16, {answer('social_activity')} AS v17
  FROM read_parquet({k})
),
mem AS (
  SELECT m.family_id, m.relation, m.marital_status, m.birth_certificate, m.health_insurance, m.in_school,
         -- completed years on 30 June of pk_year; born after it -> 0
         greatest(0, f.pk_year - year(m.birth_date)
                     - CASE WHEN month(m.birth_date) * 100 + day(m.birth_date) > 630 THEN 1 ELSE 0 END) AS age
  FROM read_parquet({a}) m JOIN fam f ON f.family_id = m.family_id
),
mscore AS (
  SELECT family_id,
         CASE WHEN count(*) FILTER (WHERE relation = 3 AND age < 18 AND birth_certificate IS NOT NULL) = 0 THEN NULL
              WHEN count(*) FILTER (WHERE relation = 3 AND age < 18 AND birth_certificate = 2) > 0 THEN 0
              ELSE 1 END AS v03,
         CASE WHEN count(health_insurance) = 0 THEN NULL
              WHEN count(*) FILTER (WHERE health_insurance = 4) > 0 THEN 0 ELSE 1 END AS v04,
         CASE max(marital_status) FILTER (WHERE relation = 1) WHEN 2 THEN 1 WHEN 4 THEN 1 WHEN 3 THEN 0 END AS v06,
         CASE WHEN count(*) FILTER (WHERE age BETWEEN 7 AND 18 AND in_school IS NOT NULL) = 0 THEN NULL
              WHEN count(*) FILTER (WHERE age BETWEEN 7 AND 18 AND in_school = 2) > 0 THEN 0
              ELSE 1 END AS v11
  FROM mem GROUP BY family_id
),
scored AS (
  SELECT f.village_code, {', '.join(('s.' if v in ('v03', 'v04', 'v06', 'v11') else 'f.') + v for v, _ in VARIABLES)},
         {dim_units(['f.v01', 'f.v02', 's.v03', 's.v04', 'f.v05', 's.v06'])} AS d0,
         {dim_units(['f.v07', 'f.v08', 'f.v09', 'f.v10', 's.v11', 'f.v12', 'f.v13'])} AS d1,
         {dim_units(['f.v14', 'f.v15', 'f.v16', 'f.v17'])} AS d2
  FROM fam f LEFT JOIN mscore s ON s.family_id = f.family_id
),
cat AS (
  SELECT *,
         (d0 IS NOT NULL)::INT + (d1 IS NOT NULL)::INT + (d2 IS NOT NULL)::INT AS kdims,
         coalesce(d0, 0) + coalesce(d1, 0) + coalesce(d2, 0) AS sumu
  FROM scored
),
fam_final AS (
  SELECT *,
         -- family iBangga = 100 * sumu / (UNIT * kdims), compared exactly with 40 and 70
         CASE WHEN kdims = 0 THEN NULL
              WHEN sumu * 100 < 40 * {UNIT} * kdims THEN 0
              WHEN sumu * 100 > 70 * {UNIT} * kdims THEN 2
              ELSE 1 END AS category,
         substr(village_code, 1, 8) AS district,
         substr(village_code, 1, 5) AS regency,
         substr(village_code, 1, 2) AS province
  FROM cat
),
g AS (
  SELECT CASE WHEN grouping(village_code) = 0 THEN 'village'
              WHEN grouping(district) = 0 THEN 'district'
              WHEN grouping(regency) = 0 THEN 'regency'
              ELSE 'province' END AS level,
         coalesce(village_code, district, regency, province) AS code,
         count(*) AS families,
         count(category) AS scored,
         count(*) FILTER (WHERE category = 0) AS rentan,
         count(*) FILTER (WHERE category = 1) AS berkembang,
         count(*) FILTER (WHERE category = 2) AS tangguh,
{dim_aggs},
{var_aggs}
  FROM fam_final
  GROUP BY GROUPING SETS ((village_code), (district), (regency), (province))
)
SELECT *,
       -- in DOUBLE, in the same order of operations as the Rust figures: (100 * units) / (L * n)
       (100.0::DOUBLE * d0_units::DOUBLE) / ({UNIT}.0::DOUBLE * nullif(d0_n, 0)::DOUBLE) AS ketenteraman,
       (100.0::DOUBLE * d1_units::DOUBLE) / ({UNIT}.0::DOUBLE * nullif(d1_n, 0)::DOUBLE) AS kemandirian,
       (100.0::DOUBLE * d2_units::DOUBLE) / ({UNIT}.0::DOUBLE * nullif(d2_n, 0)::DOUBLE) AS kebahagiaan
FROM g
"""


def finish_rows(con, where):
    cols = [d[0] for d in con.execute("SELECT * FROM agg LIMIT 0").description]
    rows = con.execute(f"SELECT * FROM agg WHERE {where} ORDER BY code").fetchall()
    out = []
    for r in rows:
        d = dict(zip(cols, r))
        dims = [d[x] for x in DIMENSIONS]
        present = [x for x in dims if x is not None]
        # The region iBangga: mean of the non-NA region dimension indices (in the same order as the Rust code
        # sums them, so that equal inputs give equal doubles).
        s = 0.0
        for x in present:
            s += x
        d["ibangga"] = s / len(present) if present else None
        out.append(d)
    return out


def cmd_recompute(args):
    sql = recompute_sql(args.parquet)
    con = duckdb.connect()
    times = []
    for i in range(args.repeat):
        con.execute("DROP TABLE IF EXISTS agg")
        t0 = time.perf_counter()
        con.execute(sql)
        dt = time.perf_counter() - t0
        times.append(dt)
        log(f"  duckdb recompute run {i + 1}/{args.repeat}: {dt:.3f} s")
    levels = dict(con.execute("SELECT level, count(*) FROM agg GROUP BY level").fetchall())
    province = finish_rows(con, "level = 'province'")
    if args.agg_out:
        con.execute(f"COPY agg TO {q(args.agg_out)} (FORMAT parquet)")
    con.close()
    print(json.dumps({"best": min(times), "times": times, "threads": duckdb_threads(), "rows_per_level": levels,
                      "province": province}, default=str))


# --------------------------------------------------------------------------------------------------- compare
def cmd_compare(args):
    with open(args.kampungkb) as f:
        kj = json.load(f)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE agg AS SELECT * FROM read_parquet({q(args.agg)})")
    dk = {d["code"]: d for d in finish_rows(con, "level IN ('province', 'regency')")}
    con.close()

    mismatches = []
    max_float_diff = 0.0
    compared = 0

    def cmp(code, what, a, b):
        nonlocal max_float_diff
        if a is None or b is None:
            if (a is None) != (b is None):
                mismatches.append(f"{code} {what}: kampungkb {a} duckdb {b}")
            return
        if isinstance(a, float) or isinstance(b, float):
            diff = abs(float(a) - float(b))
            max_float_diff = max(max_float_diff, diff)
            if diff > 1e-9 * max(1.0, abs(float(b))):
                mismatches.append(f"{code} {what}: kampungkb {a!r} duckdb {b!r} (diff {diff:.3g})")
        elif int(a) != int(b):
            mismatches.append(f"{code} {what}: kampungkb {a} duckdb {b}")

    def one(fig):
        nonlocal compared
        code = fig["region"]["code"]
        d = dk.get(code)
        if d is None:
            if fig.get("families", 0) != 0:
                mismatches.append(f"{code}: kampungkb has {fig['families']} families, duckdb has no row")
            return
        compared += 1
        cmp(code, "families", fig["families"], d["families"])
        cmp(code, "scored_families", fig["scored_families"], d["scored"])
        cmp(code, "ibangga", fig["ibangga"], d["ibangga"])
        for dim in DIMENSIONS:
            cmp(code, f"dimensions.{dim}", fig["dimensions"][dim], d[dim])
        for c in CATEGORIES:
            cmp(code, f"categories.{c}", fig["categories"][c]["families"], d[c])
        for v in fig["variables"]:
            cmp(code, f"{v['id']}.applicable", v["applicable"], d[f"{v['id']}_app"])
            cmp(code, f"{v['id']}.met", v["met"], d[f"{v['id']}_met"] or 0)

    one(kj)
    for ch in kj.get("children") or []:
        one(ch)
    prov = dk.get(kj["region"]["code"], {})
    print(json.dumps({
        "regions_compared": compared,
        "mismatches": mismatches,
        "max_float_diff": max_float_diff,
        "kampungkb_ibangga": kj.get("ibangga"),
        "duckdb_ibangga": prov.get("ibangga"),
    }))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("import")
    s.add_argument("--families", required=True)
    s.add_argument("--members", required=True)
    s.add_argument("--repeat", type=int, default=3)
    s.add_argument("--target", choices=["file", "memory"], default="file")
    s.add_argument("--workdir", default=".")
    s.set_defaults(f=cmd_import)
    s = sub.add_parser("parquet")
    s.add_argument("--families", required=True)
    s.add_argument("--members", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(f=cmd_parquet)
    s = sub.add_parser("recompute")
    s.add_argument("--parquet", required=True)
    s.add_argument("--repeat", type=int, default=2)
    s.add_argument("--agg-out")
    s.set_defaults(f=cmd_recompute)
    s = sub.add_parser("compare")
    s.add_argument("--agg", required=True)
    s.add_argument("--kampungkb", required=True)
    s.set_defaults(f=cmd_compare)
    args = p.parse_args()
    args.f(args)


if __name__ == "__main__":
    main()
