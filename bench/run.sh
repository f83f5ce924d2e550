#!/usr/bin/env bash
# kampungkb benchmark: import, recompute and read, each against a stated target, with DuckDB as the reference
# for import and recompute. See bench/README.md. Everything is written under bench/out/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="$BENCH/out"
LOGS="$OUT/logs"

FAMILIES="${BENCH_FAMILIES:-620000}"
BIG_FAMILIES="${BENCH_BIG_FAMILIES:-10000000}"
SMALL_FAMILIES="${BENCH_SMALL_FAMILIES:-100000}"
READ_RUNS="${BENCH_READ_RUNS:-20}"
DUCKDB_IMPORT_REPEAT="${BENCH_DUCKDB_IMPORT_REPEAT:-3}"
IMPORT_REPEAT="${BENCH_IMPORT_REPEAT:-3}"
RECOMPUTE_REPEAT="${BENCH_RECOMPUTE_REPEAT:-2}"
DUCKDB_IMPORT_TARGET="${BENCH_DUCKDB_IMPORT_TARGET:-file}"   # file | memory
REUSE="${BENCH_REUSE:-0}"        # 1: keep generated CSVs (and big/small DBs) from an earlier run with the same sizes
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
PYTHON="${PYTHON:-python3}"
PROVINCE=17
YEAR=2021

# Targets.
IMPORT_RATIO_MAX=2.0
IMPORT_RSS_MAX_MIB=1024
RECOMPUTE_RATIO_MAX=1.0
READ_RATIO_TOLERANCE=0.20

# A fixed personal-data key, so no key file is written or needed; and no environment may redirect the database.
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE
export RUST_LOG="${RUST_LOG:-warn}"

BIN="$ROOT/target/release/kampungkb"
REF="$BENCH/reference.py"

say() { printf '%s\n' "$*" >&2; }
step() { printf '\n== %s ==\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
fmt2() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { # verdict VALUE OP LIMIT -> ok / MISSED
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        ok = (op == "<=") ? (v <= l) : (v >= l); print (ok ? "ok" : "MISSED") }'
}
json_get() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
is_uint() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }

for v in FAMILIES BIG_FAMILIES SMALL_FAMILIES READ_RUNS DUCKDB_IMPORT_REPEAT IMPORT_REPEAT RECOMPUTE_REPEAT; do
    is_uint "${!v}" || die "$v (BENCH_$v) must be a positive integer, got '${!v}'"
done
[[ "$DUCKDB_IMPORT_TARGET" == file || "$DUCKDB_IMPORT_TARGET" == memory ]] ||
    die "BENCH_DUCKDB_IMPORT_TARGET must be file or memory"

# ------------------------------------------------------------------------------------------------ prerequisites
step "prerequisites"
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v "$PYTHON" >/dev/null || die "$PYTHON is not on PATH"
"$PYTHON" -c 'import duckdb' 2>/dev/null ||
    die "the python module duckdb is missing: pip install duckdb pyarrow"
if [[ ! -x /usr/bin/time ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        say "installing GNU time (apt-get install -y time)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y time >/dev/null ||
            { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y time >/dev/null; } ||
            die "cannot install GNU time"
    else
        die "/usr/bin/time (GNU time) is missing: apt-get install time"
    fi
fi
# (Not piped into grep -q: under pipefail, grep quitting early can fail the pipe.)
time_out=$(/usr/bin/time -v true 2>&1 || true)
grep -q 'Maximum resident set size' <<<"$time_out" || die "/usr/bin/time is not GNU time (-v unsupported)"
mkdir -p "$OUT" "$LOGS"

# Disk, in KB per family, measured on the generator's output: keluarga.csv 0.1 + anggota.csv 0.23, the SQLite
# database 0.67 (encrypted personal data, NIK index; 1.2 budgeted for the WAL), Parquet about 0.15, DuckDB's
# import database about 0.25; plus 25% headroom.
need_kb=$(awk -v f="$FAMILIES" -v b="$BIG_FAMILIES" -v s="$SMALL_FAMILIES" 'BEGIN {
    csv = 0.35; db = 1.2; pq = 0.15; duck = 0.25
    printf "%d", 1.25 * (f * (csv + db + duck) + b * (csv + db + pq) + s * (csv + db)) }')
avail_kb=$(df -Pk "$OUT" | awk 'NR == 2 { print $4 }')
say "disk: about $((need_kb / 1024)) MiB needed under $OUT, $((avail_kb / 1024)) MiB available"
(( avail_kb > need_kb )) || die "not enough free disk space under $OUT (need ~$((need_kb / 1024)) MiB)"
mem_kb=$(awk '/MemAvailable/ { print $2 }' /proc/meminfo 2>/dev/null || echo 0)
say "memory available: $((mem_kb / 1024)) MiB; cores: $(nproc)"
"$PYTHON" -c 'import duckdb; print("duckdb", duckdb.__version__)' >&2

# ------------------------------------------------------------------------------------------------------- build
step "build"
if [[ "$SKIP_BUILD" == 1 ]]; then
    say "BENCH_SKIP_BUILD=1: using the existing $BIN"
else
    t0=$(now_ns)
    (cd "$ROOT" && cargo build --release --locked -p kampungkb) || die "cargo build --release failed"
    say "built in $(secs_since "$t0") s"
fi
[[ -x "$BIN" ]] || die "$BIN is missing"
"$BIN" --version >&2

# -------------------------------------------------------------------------------------------------- helpers
# generate DIR FAMILIES SEED: the round, unless BENCH_REUSE=1 and DIR holds the same one already.
generate() {
    local dir="$1" n="$2" seed="$3" stamp="province=$PROVINCE families=$2 seed=$3 year=$YEAR"
    if [[ "$REUSE" == 1 && -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" &&
          -s "$dir/keluarga.csv" && -s "$dir/anggota.csv" ]]; then
        say "reusing $dir ($stamp)"
        return
    fi
    rm -rf "$dir"
    local t0; t0=$(now_ns)
    "$BIN" generate --province "$PROVINCE" --families "$n" --seed "$seed" --year "$YEAR" --out "$dir" >&2 ||
        die "kampungkb generate failed"
    echo "$stamp" >"$dir/.stamp"
    say "generated $n families in $(secs_since "$t0") s: $(du -sh "$dir/keluarga.csv" | cut -f1) keluarga.csv," \
        "$(du -sh "$dir/anggota.csv" | cut -f1) anggota.csv"
}

fresh_db() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal" "$1.key"; }

# timed_v NAME CMD...: runs CMD under GNU time; sets WALL (seconds, from the clock) and RSS_MIB; logs in $LOGS.
timed_v() {
    local name="$1"; shift
    local t0; t0=$(now_ns)
    if ! /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"; then
        tail -n 20 "$LOGS/$name.err" >&2
        die "$name failed: $* (see $LOGS/$name.err)"
    fi
    WALL=$(secs_since "$t0")
    RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOGS/$name.time")
}

# import_db DB DIR NAME: a fresh DB holding DIR's round.
import_db() {
    local db="$1" dir="$2" name="$3"
    fresh_db "$db"
    timed_v "$name" "$BIN" --database "sqlite://$db" import pk \
        --families "$dir/keluarga.csv" --members "$dir/anggota.csv"
    say "$(cat "$LOGS/$name.out")"
}

# db_ready DB STAMP: whether BENCH_REUSE=1 allows keeping DB.
db_ready() { [[ "$REUSE" == 1 && -s "$1" && -f "$1.stamp" && "$(cat "$1.stamp")" == "$2" ]]; }

# median_ms CMD...: median wall time in ms of READ_RUNS runs (process start included), after one warm-up.
median_ms() {
    "$@" >/dev/null 2>"$LOGS/read.err" || { cat "$LOGS/read.err" >&2; die "read command failed: $*"; }
    local i t0 t1 times=()
    for ((i = 0; i < READ_RUNS; i++)); do
        t0=$(now_ns)
        "$@" >/dev/null 2>>"$LOGS/read.err"
        t1=$(now_ns)
        times+=("$(( (t1 - t0) / 1000 ))")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"

# ------------------------------------------------------------------------------------------------------ import
step "import: $FAMILIES families (province $PROVINCE, seed 1, year $YEAR)"
GEN="$OUT/gen"
generate "$GEN" "$FAMILIES" 1
members=$(( $(wc -l <"$GEN/anggota.csv") - 1 ))
say "members: $members"
IMPORT_DB="$OUT/import.db"
# Best of IMPORT_REPEAT runs, each into a fresh database, as DuckDB's best of DUCKDB_IMPORT_REPEAT; the peak
# memory is the largest of the runs.
imp_s=""; imp_rss=0
for ((run = 1; run <= IMPORT_REPEAT; run++)); do
    import_db "$IMPORT_DB" "$GEN" "import-$run"
    say "kampungkb import run $run/$IMPORT_REPEAT: $WALL s, peak RSS $RSS_MIB MiB"
    if [[ -z "$imp_s" ]] || awk -v a="$WALL" -v b="$imp_s" 'BEGIN { exit !(a < b) }'; then imp_s=$WALL; fi
    (( RSS_MIB > imp_rss )) && imp_rss=$RSS_MIB
done
say "kampungkb import: best $imp_s s of $IMPORT_REPEAT, peak RSS $imp_rss MiB ($(du -sh "$IMPORT_DB" | cut -f1) database)"
say "duckdb import ($DUCKDB_IMPORT_TARGET database, best of $DUCKDB_IMPORT_REPEAT):"
"$PYTHON" "$REF" import --families "$GEN/keluarga.csv" --members "$GEN/anggota.csv" \
    --repeat "$DUCKDB_IMPORT_REPEAT" --target "$DUCKDB_IMPORT_TARGET" --workdir "$OUT" >"$LOGS/duckdb-import.json" ||
    die "the DuckDB import reference failed"
duck_imp_s=$(json_get "$LOGS/duckdb-import.json" 'd["best"]')
imp_ratio=$(ratio "$imp_s" "$duck_imp_s")
import_line=$(printf 'import    kampungkb %s s  duckdb %s s  ratio %s (target <= %s: %s)  peak RSS %s MiB (target <= %s: %s)  [%s families, %s members]' \
    "$(fmt2 "$imp_s")" "$(fmt2 "$duck_imp_s")" "$imp_ratio" "$IMPORT_RATIO_MAX" "$(verdict "$imp_ratio" '<=' "$IMPORT_RATIO_MAX")" \
    "$imp_rss" "$IMPORT_RSS_MAX_MIB" "$(verdict "$imp_rss" '<=' "$IMPORT_RSS_MAX_MIB")" "$FAMILIES" "$members")
say "$import_line"

# Cross-check of the import-time (incremental) figures against DuckDB over the same files (not timed).
"$PYTHON" "$REF" parquet --families "$GEN/keluarga.csv" --members "$GEN/anggota.csv" --out "$OUT/gen-parquet" \
    >/dev/null || die "parquet conversion failed"
"$PYTHON" "$REF" recompute --parquet "$OUT/gen-parquet" --repeat 1 --agg-out "$OUT/gen-agg.parquet" \
    >"$LOGS/duckdb-gen-recompute.json" || die "the DuckDB reference query failed"
"$BIN" --database "sqlite://$IMPORT_DB" index --region "$PROVINCE" --children --format json >"$OUT/import-index.json" ||
    die "kampungkb index failed on $IMPORT_DB"
"$PYTHON" "$REF" compare --agg "$OUT/gen-agg.parquet" --kampungkb "$OUT/import-index.json" >"$LOGS/compare-import.json"
imp_mismatches=$(json_get "$LOGS/compare-import.json" 'len(d["mismatches"])')
imp_check=$(json_get "$LOGS/compare-import.json" \
    '"province + %d regencies compared, %d mismatch(es), max float diff %.3g" % (d["regions_compared"] - 1, len(d["mismatches"]), d["max_float_diff"])')
say "cross-check of the imported figures: $imp_check"
(( imp_mismatches == 0 )) || json_get "$LOGS/compare-import.json" '"\n".join(d["mismatches"][:20])' >&2

# --------------------------------------------------------------------------------------------------- recompute
step "recompute: $BIG_FAMILIES families (seed 2)"
BIG="$OUT/big"
BIG_DB="$OUT/big.db"
big_stamp="families=$BIG_FAMILIES seed=2 year=$YEAR"
generate "$BIG" "$BIG_FAMILIES" 2
if db_ready "$BIG_DB" "$big_stamp"; then
    say "reusing $BIG_DB"
    big_import="(reused)"
else
    rm -f "$BIG_DB.stamp"
    import_db "$BIG_DB" "$BIG" big-import
    big_import="$(fmt2 "$WALL") s, peak RSS $RSS_MIB MiB"
    echo "$big_stamp" >"$BIG_DB.stamp"
fi
say "big import (not timed for the target): $big_import; $(du -sh "$BIG_DB" | cut -f1) database"

best_rc=""
for ((i = 1; i <= RECOMPUTE_REPEAT; i++)); do
    timed_v "recompute-$i" "$BIN" --database "sqlite://$BIG_DB" recompute
    say "kampungkb recompute run $i/$RECOMPUTE_REPEAT: $WALL s, peak RSS $RSS_MIB MiB: $(cat "$LOGS/recompute-$i.out")"
    if [[ -z "$best_rc" ]] || awk -v a="$WALL" -v b="$best_rc" 'BEGIN { exit !(a < b) }'; then
        best_rc=$WALL; rc_rss=$RSS_MIB
    fi
done

say "converting the big round to Parquet (not timed)"
"$PYTHON" "$REF" parquet --families "$BIG/keluarga.csv" --members "$BIG/anggota.csv" --out "$OUT/big-parquet" \
    >/dev/null || die "parquet conversion failed"
say "duckdb recompute over Parquet (best of $RECOMPUTE_REPEAT):"
"$PYTHON" "$REF" recompute --parquet "$OUT/big-parquet" --repeat "$RECOMPUTE_REPEAT" --agg-out "$OUT/big-agg.parquet" \
    >"$LOGS/duckdb-recompute.json" || die "the DuckDB recompute reference failed"
duck_rc=$(json_get "$LOGS/duckdb-recompute.json" 'd["best"]')
rc_ratio=$(ratio "$best_rc" "$duck_rc")

"$BIN" --database "sqlite://$BIG_DB" index --region "$PROVINCE" --children --format json >"$OUT/big-index.json" ||
    die "kampungkb index failed on $BIG_DB"
"$PYTHON" "$REF" compare --agg "$OUT/big-agg.parquet" --kampungkb "$OUT/big-index.json" >"$LOGS/compare-big.json"
k_ib=$(json_get "$LOGS/compare-big.json" 'repr(d["kampungkb_ibangga"])')
d_ib=$(json_get "$LOGS/compare-big.json" 'repr(d["duckdb_ibangga"])')
big_mismatches=$(json_get "$LOGS/compare-big.json" 'len(d["mismatches"])')
big_check=$(json_get "$LOGS/compare-big.json" \
    '"province + %d regencies compared, %d mismatch(es), max float diff %.3g" % (d["regions_compared"] - 1, len(d["mismatches"]), d["max_float_diff"])')
ib_diff=$("$PYTHON" -c 'import sys; a, b = sys.argv[1:]; print("n/a" if "None" in (a, b) else "%.3g" % abs(float(a) - float(b)))' "$k_ib" "$d_ib")
say "province iBangga: kampungkb $k_ib  duckdb $d_ib  |diff| $ib_diff"
say "cross-check of the big round: $big_check"
(( big_mismatches == 0 )) || json_get "$LOGS/compare-big.json" '"\n".join(d["mismatches"][:20])' >&2
recompute_line=$(printf 'recompute kampungkb %s s  duckdb %s s  ratio %s (target <= %s: %s)  peak RSS %s MiB  [%s families]' \
    "$(fmt2 "$best_rc")" "$(fmt2 "$duck_rc")" "$rc_ratio" "$RECOMPUTE_RATIO_MAX" \
    "$(verdict "$rc_ratio" '<=' "$RECOMPUTE_RATIO_MAX")" "$rc_rss" "$BIG_FAMILIES")
say "$recompute_line"

# -------------------------------------------------------------------------------------------------------- read
step "read: index --region $PROVINCE --children --format json, median of $READ_RUNS runs"
SMALL="$OUT/small"
SMALL_DB="$OUT/small.db"
small_stamp="families=$SMALL_FAMILIES seed=3 year=$YEAR"
generate "$SMALL" "$SMALL_FAMILIES" 3
if db_ready "$SMALL_DB" "$small_stamp"; then
    say "reusing $SMALL_DB"
else
    rm -f "$SMALL_DB.stamp"
    import_db "$SMALL_DB" "$SMALL" small-import
    echo "$small_stamp" >"$SMALL_DB.stamp"
fi
read_small=$(median_ms "$BIN" --database "sqlite://$SMALL_DB" index --region "$PROVINCE" --children --format json)
read_big=$(median_ms "$BIN" --database "sqlite://$BIG_DB" index --region "$PROVINCE" --children --format json)
read_ratio=$(ratio "$read_big" "$read_small")
read_ok=$(awk -v r="$read_ratio" -v t="$READ_RATIO_TOLERANCE" 'BEGIN { print (r >= 1 - t && r <= 1 + t) ? "ok" : "MISSED" }')
human() { awk -v n="$1" 'BEGIN { if (n >= 1e6 && n % 1e5 == 0) printf "%gM", n / 1e6; else if (n >= 1e3 && n % 100 == 0) printf "%gk", n / 1e3; else print n }'; }
read_line=$(printf 'read      %s %s ms  %s %s ms  ratio %s (target 1 +- %s: %s)' \
    "$(human "$SMALL_FAMILIES")" "$read_small" "$(human "$BIG_FAMILIES")" "$read_big" "$read_ratio" \
    "$READ_RATIO_TOLERANCE" "$read_ok")

# ----------------------------------------------------------------------------------------------------- summary
{
    echo "kampungkb benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)  ($(nproc) cores, duckdb $("$PYTHON" -c 'import duckdb; print(duckdb.__version__)'), $("$BIN" --version))"
    echo "$import_line"
    echo "$recompute_line"
    echo "$read_line"
    echo "check     import: $imp_check"
    echo "check     recompute: province iBangga kampungkb $k_ib duckdb $d_ib (|diff| $ib_diff); $big_check"
} >"$SUMMARY"
step "summary (also in $SUMMARY)"
cat "$SUMMARY"
if (( imp_mismatches + big_mismatches > 0 )); then
    say "WARNING: kampungkb and DuckDB disagree; see $LOGS/compare-import.json and $LOGS/compare-big.json"
fi
