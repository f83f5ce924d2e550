#!/usr/bin/env bash
# kampungkb on PostgreSQL from one province to a country's worth (issue 11): the Bengkulu round (620,000 families)
# is imported into an empty database, then other provinces' rounds one at a time until the database holds
# BENCH_TOTAL (10,000,000) families. Measured at 620k and at 10M:
#   import   seconds per 100,000 families of one province's import: the first after Bengkulu (into a round of
#            620k) against the last (into a round of 9M+); Bengkulu's, into an empty database, is printed too
#   check    `kampungkb check` (every region figure against a fresh computation), microseconds per stored family
#   read     `kampungkb index --region 17 --children --format json`, process start included, median of 20 runs
# Every province after Bengkulu gets BENCH_PER_PROVINCE families, so that the imports compared are alike (the last
# one takes the database to 10M or a little over). Target: none more than 20% dearer at 10M than at 620k, on a
# PostgreSQL whose shared buffers hold the NIK index (about 2 GB per 10M families). The database $BENCH_PG_SCALE_URL (default
# postgres://postgres@127.0.0.1:5432/kkb_scale) is dropped and created again. Generated CSVs go to
# bench/out/scale/ (about 3 GB at 10M; removed after each import unless BENCH_KEEP=1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
TOTAL="${BENCH_TOTAL:-10000000}"
FIRST="${BENCH_FAMILIES:-620000}"
PER_PROVINCE="${BENCH_PER_PROVINCE:-1000000}"
READ_RUNS="${BENCH_READ_RUNS:-20}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
KEEP="${BENCH_KEEP:-0}"
URL="${BENCH_PG_SCALE_URL:-postgres://postgres@127.0.0.1:5432/kkb_scale}"
# Provinces after Bengkulu, in code order (Sumatra first); each gets PER_PROVINCE families.
PROVINCES="${BENCH_PROVINCES:-11 12 13 14 15 16 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76}"
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE
BIN="$ROOT/target/release/kampungkb"
SCALE="$OUT/scale"
LOG="$OUT/pg-scale.log"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
mkdir -p "$SCALE"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release --locked -p kampungkb >&2)
fi
name="${URL##*/}"
admin="${URL%/*}/postgres"
psql "$admin" -qc "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\""
: >"$LOG"

secs() { python3 -c "import sys,time; print(f'{time.time():.3f}')"; }

import_province() { # province families seed -> seconds
    local dir="$SCALE/$1"
    "$BIN" generate --out "$dir" --province "$1" --families "$2" --seed "$3" >>"$LOG" 2>&1
    local t0 t1
    t0="$(secs)"
    "$BIN" --database "$URL" import pk --families "$dir/keluarga.csv" --members "$dir/anggota.csv" >>"$LOG" 2>&1
    t1="$(secs)"
    [ "$KEEP" = 1 ] || rm -rf "$dir"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

check_us() { # stored families -> microseconds per family of `check`
    local t0 t1
    t0="$(secs)"
    "$BIN" --database "$URL" check >>"$LOG" 2>&1
    t1="$(secs)"
    awk -v a="$t0" -v b="$t1" -v n="$1" 'BEGIN { printf "%.2f %.1f", (b - a) * 1e6 / n, b - a }'
}

read_ms() { # median of READ_RUNS runs, after one warm-up and a checkpoint (the imports' writes flushed)
    psql "$URL" -qc CHECKPOINT
    "$BIN" --database "$URL" index --region 17 --children --format json >/dev/null
    for _ in $(seq 1 "$READ_RUNS"); do
        local t0 t1
        t0="$(secs)"
        "$BIN" --database "$URL" index --region 17 --children --format json >/dev/null
        t1="$(secs)"
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
    done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

printf 'importing Bengkulu (%s families) into an empty database …\n' "$FIRST" >&2
first_s="$(import_province 17 "$FIRST" 1)"
first_rate="$(awk -v s="$first_s" -v n="$FIRST" 'BEGIN { printf "%.2f", s * 100000 / n }')"
read -r check_small check_small_s <<<"$(check_us "$FIRST")"
read_small="$(read_ms)"
printf 'at %s: import %s s (%s s per 100k), check %s s (%s µs/family), index read %s ms\n' \
    "$FIRST" "$first_s" "$first_rate" "$check_small_s" "$check_small" "$read_small" >&2

stored="$FIRST"
rates=()
seed=2
for p in $PROVINCES; do
    [ "$stored" -ge "$TOTAL" ] && break
    n="$PER_PROVINCE"
    s="$(import_province "$p" "$n" "$seed")"
    seed=$((seed + 1))
    stored=$((stored + n))
    rate="$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s * 100000 / n }')"
    rates+=("$rate")
    printf 'province %s: %s families in %s s (%s s per 100k); %s stored\n' "$p" "$n" "$s" "$rate" "$stored" >&2
done
[ "$stored" -ge "$TOTAL" ] || die "ran out of provinces at $stored families (set BENCH_PER_PROVINCE higher)"
base_rate="${rates[0]}"
last_rate="${rates[-1]}"
read -r check_big check_big_s <<<"$(check_us "$stored")"
read_big="$(read_ms)"
size="$(psql "$URL" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))")"

# At most 20% dearer at 10M (cheaper is fine: check's process start weighs less over more families).
verdict() { awk -v r="$1" 'BEGIN { print ((r <= 1.2) ? "ok" : "MISSED") }'; }
r_import="$(awk -v a="$last_rate" -v b="$base_rate" 'BEGIN { printf "%.2f", a / b }')"
r_check="$(awk -v a="$check_big" -v b="$check_small" 'BEGIN { printf "%.2f", a / b }')"
r_read="$(awk -v a="$read_big" -v b="$read_small" 'BEGIN { printf "%.2f", a / b }')"
printf '\nkampungkb on PostgreSQL, %s families → %s families (database %s)\n' "$FIRST" "$stored" "$size"
printf '%-48s %14s %14s %8s\n' "" "at $FIRST" "at $stored" "ratio"
printf '%-48s %14s %14s %8s  %s\n' "import, s per 100k families (one province)" "$base_rate" "$last_rate" "$r_import" "$(verdict "$r_import")"
printf '%-48s %14s %14s %8s  %s\n' "check, µs per stored family" "$check_small" "$check_big" "$r_check" "$(verdict "$r_check")"
printf '%-48s %14s %14s %8s  %s\n' "index --region 17 --children, ms (median)" "$read_small" "$read_big" "$r_read" "$(verdict "$r_read")"
printf 'every import (s per 100k; Bengkulu into the empty database first): %s %s\n' "$first_rate" "${rates[*]}"
printf 'check took %s s at %s and %s s at %s\n' "$check_small_s" "$FIRST" "$check_big_s" "$stored"
