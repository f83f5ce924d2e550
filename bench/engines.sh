#!/usr/bin/env bash
# kampungkb on PostgreSQL beside SQLite (issue 11): the province dashboard page and the province index JSON under
# wrk at 64 connections, cold (the first BENCH_DURATION after the server starts, caches empty) and warm (the next
# BENCH_DURATION), on the same Bengkulu demo (620,000 families) in each engine:
#   SQLite      bench/out/load-620000.db
#   PostgreSQL  $BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/kkb_load)
# built once (the same databases as bench/upload_load.sh). Targets on PostgreSQL: >= 3,000 requests/s and p99 <=
# 25 ms for each read, warm and cold, and at least half of SQLite's requests/s. Needs wrk (apt-get install wrk).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
FAMILIES="${BENCH_FAMILIES:-620000}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
PORT="${BENCH_PORT:-18096}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/kkb_load}"
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE
BIN="$ROOT/target/release/kampungkb"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
mkdir -p "$OUT"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release --locked -p kampungkb >&2)
fi

name="${PG_URL##*/}"
admin="${PG_URL%/*}/postgres"
if [ "$(psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]; then
    psql "$admin" -qc "CREATE DATABASE \"$name\""
fi
SQLITE_DB="$OUT/load-$FAMILIES.db"
for db in "$SQLITE_DB" "$PG_URL"; do
    "$BIN" --database "$db" demo --families "$FAMILIES" --no-serve >/dev/null 2>&1
done

SERVER_PID=""
stop() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop EXIT

start() { # database
    "$BIN" --database "$1" serve --bind "127.0.0.1:$PORT" >"$OUT/engines-server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
        # /masuk touches no figures: the caches stay cold.
        curl -fs -o /dev/null "http://127.0.0.1:$PORT/masuk" 2>/dev/null && return 0
        sleep 0.2
    done
    die "the server did not start"
}

load() { # url -> "requests_per_second p99_ms errors"
    local out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1")"
    local rps p99 errs
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")"
    errs="$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")"
    printf '%s %s %s' "$rps" "$p99" "$errs"
}

declare -A R
for engine in sqlite postgres; do
    db="$SQLITE_DB"; [ "$engine" = postgres ] && db="$PG_URL"
    for read in page index; do
        url="http://127.0.0.1:$PORT/wilayah/17"
        [ "$read" = index ] && url="http://127.0.0.1:$PORT/api/v1/regions/17/index?children=true"
        start "$db"
        R[$engine.$read.cold]="$(load "$url")"
        R[$engine.$read.warm]="$(load "$url")"
        stop
    done
done

printf '\nkampungkb on both engines — wrk -t2 -c%s -d%s on loopback, %s families, cold = first run after start\n' \
    "$CONNECTIONS" "$DURATION" "$FAMILIES"
printf '%-22s %-5s %14s %10s %14s %10s %8s  %s\n' read state "SQLite req/s" "p99 ms" "PG req/s" "p99 ms" "PG/SQLite" "PostgreSQL target (>=3000 req/s, p99<=25 ms, >=0.5 of SQLite)"
for read in page index; do
    label="/wilayah/17"; [ "$read" = index ] && label="index JSON"
    for state in cold warm; do
        read -r srps sp99 serr <<<"${R[sqlite.$read.$state]}"
        read -r prps pp99 perr <<<"${R[postgres.$read.$state]}"
        ratio="$(awk -v a="$prps" -v b="$srps" 'BEGIN { printf "%.2f", a/b }')"
        ok="$(awk -v r="$prps" -v p="$pp99" -v q="$ratio" -v e="$perr" 'BEGIN { print ((r>=3000 && p<=25 && q>=0.5 && e==0) ? "met" : "MISSED") }')"
        printf '%-22s %-5s %14.0f %10.2f %14.0f %10.2f %8s  %s (errors: SQLite %s, PG %s)\n' \
            "$label" "$state" "$srps" "$sp99" "$prps" "$pp99" "$ratio" "$ok" "$serr" "$perr"
    done
done
