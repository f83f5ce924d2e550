#!/usr/bin/env bash
# kampungkb web benchmark (issue 3): wrk at 64 connections on loopback against `kampungkb serve` with the full
# Bengkulu demo round (620k families), then the same reads with a 10M-family round, and the server's memory.
#
# Targets: province index JSON with children >= 3000 requests/s and p99 <= 10 ms; province dashboard page p99 <=
# 25 ms; resident memory <= 200 MiB; the index read at 10M families within 20% of its 620k time (the ratio is
# printed). Needs wrk (apt-get install wrk). Databases are kept under bench/out/ and reused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
FAMILIES="${BENCH_FAMILIES:-620000}"
BIG_FAMILIES="${BENCH_BIG_FAMILIES:-10000000}"
DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
PORT="${BENCH_PORT:-18080}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
SKIP_BIG="${BENCH_SKIP_BIG:-0}"
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE
BIN="$ROOT/target/release/kampungkb"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
mkdir -p "$OUT"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release --locked -p kampungkb >&2)
fi

db_for() { # families -> database path, built once
    local n="$1" db="$OUT/web-$1.db"
    if [ ! -s "$db" ]; then
        printf 'building %s (%s families) …\n' "$db" "$n" >&2
        "$BIN" --database "$db" demo --families "$n" --no-serve >/dev/null
    fi
    printf '%s' "$db"
}

SERVER_PID=""
stop() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap stop EXIT

start() { # database
    "$BIN" --database "$1" serve --bind "127.0.0.1:$PORT" >/dev/null 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/api/v1/rounds" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "the server did not start"
}

# wrk -> "requests_per_second p99_ms"
load() {
    local url="$1" out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
    local rps p99
    rps="$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')"
    p99="$(printf '%s\n' "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')"
    printf '%s %s' "$rps" "$p99"
}

rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status"; }

INDEX="http://127.0.0.1:$PORT/api/v1/regions/17/index?children=true"
PAGE="http://127.0.0.1:$PORT/wilayah/17"

cold() { curl -fs -o /dev/null -w '%{time_total}' "$1" | awk '{printf "%.2f", $1*1000}'; }

run_set() { # label database
    start "$2"
    # The first (uncached) read of each: tallies and names from the database, JSON or the page rendered.
    local icold pcold
    icold="$(cold "$INDEX")"
    pcold="$(cold "$PAGE")"
    read -r irps ip99 <<<"$(load "$INDEX")"
    read -r prps pp99 <<<"$(load "$PAGE")"
    local rss; rss="$(rss_mib)"
    stop
    printf '%s %s %s %s %s %s %s %s\n' "$1" "$irps" "$ip99" "$prps" "$pp99" "$rss" "$icold" "$pcold"
}

SMALL="$(run_set "$FAMILIES" "$(db_for "$FAMILIES")")"
read -r _ IRPS IP99 PRPS PP99 RSS ICOLD PCOLD <<<"$SMALL"
printf '\nkampungkb web benchmark — wrk -c%s -d%s on loopback, %s families\n' "$CONNECTIONS" "$DURATION" "$FAMILIES"
printf '%-44s %12s %12s %10s\n' "read" "req/s" "p99 (ms)" "target"
printf '%-44s %12.0f %12.2f %10s\n' "province index JSON with children" "$IRPS" "$IP99" ">=3000, p99<=10"
printf '%-44s %12.0f %12.2f %10s\n' "province dashboard page" "$PRPS" "$PP99" "p99<=25"
printf '%-44s %12s MiB %19s\n' "server peak resident memory" "$RSS" "<=200"
printf '%-44s %12s ms\n' "first (uncached) index read" "$ICOLD"
printf '%-44s %12s ms\n' "first (uncached) dashboard page" "$PCOLD"
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "NOT MET") }'; }
printf 'index rate: %s; index p99: %s; page p99: %s; memory: %s\n' \
    "$(verdict "$(awk -v v="$IRPS" 'BEGIN{print (v>=3000)}')")" "$(verdict "$(awk -v v="$IP99" 'BEGIN{print (v<=10)}')")" \
    "$(verdict "$(awk -v v="$PP99" 'BEGIN{print (v<=25)}')")" "$(verdict "$(awk -v v="$RSS" 'BEGIN{print (v<=200)}')")"

if [ "$SKIP_BIG" != 1 ]; then
    BIG="$(run_set "$BIG_FAMILIES" "$(db_for "$BIG_FAMILIES")")"
    read -r _ BIRPS BIP99 BPRPS BPP99 BRSS BICOLD BPCOLD <<<"$BIG"
    printf '\nsame reads at %s families\n' "$BIG_FAMILIES"
    printf '%-44s %12.0f %12.2f\n' "province index JSON with children" "$BIRPS" "$BIP99"
    printf '%-44s %12.0f %12.2f\n' "province dashboard page" "$BPRPS" "$BPP99"
    printf '%-44s %12s MiB\n' "server peak resident memory" "$BRSS"
    printf '%-44s %12s ms\n' "first (uncached) index read" "$BICOLD"
    printf '%-44s %12s ms\n' "first (uncached) dashboard page" "$BPCOLD"
    RATIO="$(awk -v a="$IRPS" -v b="$BIRPS" 'BEGIN { printf "%.2f", a/b }')"
    PRATIO="$(awk -v a="$PRPS" -v b="$BPRPS" 'BEGIN { printf "%.2f", a/b }')"
    printf 'time per index read, 10M / 620k: %s (target 0.80–1.20: %s); dashboard page: %s\n' "$RATIO" \
        "$(verdict "$(awk -v r="$RATIO" 'BEGIN{print (r>=0.8 && r<=1.2)}')")" "$PRATIO"
    printf 'first (uncached) index read, 10M / 620k: %s\n' "$(awk -v a="$BICOLD" -v b="$ICOLD" 'BEGIN { printf "%.2f", a/b }')"
fi
