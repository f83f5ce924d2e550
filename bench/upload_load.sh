#!/usr/bin/env bash
# kampungkb reads-during-upload benchmark (issue 11): while the Kota Bengkulu officer uploads 75,000 families
# through the web form (`POST /unggah`, one transaction), several readers load the login page, the province index
# JSON and another kabupaten's dashboard (one of them logged in, so its session is read from the database on every
# request). Run on both engines, on the Bengkulu demo (620,000 families):
#   SQLite      bench/out/load-620000.db (built once)
#   PostgreSQL  $BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/kkb_load; the database is created and
#               the demo built in it once)
# Targets: reads during the upload p99 <= 50 ms, slowest <= 1 s, no errors, and the upload succeeds.
# The uploaded families are the first 75,000 of Kota Bengkulu (17.71) from the demo's own generated round, so the
# upload replaces them with the same content and runs can be repeated. Needs python3 (standard library only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
FAMILIES="${BENCH_FAMILIES:-620000}"
UPLOAD="${BENCH_UPLOAD_FAMILIES:-75000}"
READERS="${BENCH_READERS:-6}"
PORT="${BENCH_PORT:-18095}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
ENGINES="${BENCH_ENGINES:-sqlite postgres}"
PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/kkb_load}"
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE KAMPUNGKB_PUBLIC_URL KAMPUNGKB_TRUSTED_PROTO_HEADER
BIN="$ROOT/target/release/kampungkb"
GEN="$OUT/gen-$FAMILIES"
PART="$OUT/upload-$UPLOAD"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
command -v python3 >/dev/null || die "python3 is needed"
mkdir -p "$OUT"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release --locked -p kampungkb >&2)
fi

# The demo's round, and the uploaded part of it.
if [ ! -s "$GEN/anggota.csv" ]; then
    "$BIN" generate --out "$GEN" --families "$FAMILIES" --seed 1 >/dev/null
fi
if [ ! -s "$PART/anggota.csv" ]; then
    mkdir -p "$PART"
    python3 - "$GEN" "$PART" "$UPLOAD" <<'PY'
import csv, sys
gen, part, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = set()
with open(f"{gen}/keluarga.csv", newline="") as f, open(f"{part}/keluarga.csv", "w", newline="") as o:
    r, w = csv.reader(f), csv.writer(o, lineterminator="\n")
    w.writerow(next(r))
    for row in r:
        if row[1].startswith("17.71.") and len(ids) < n:
            ids.add(row[0])
            w.writerow(row)
with open(f"{gen}/anggota.csv", newline="") as f, open(f"{part}/anggota.csv", "w", newline="") as o:
    r, w = csv.reader(f), csv.writer(o, lineterminator="\n")
    w.writerow(next(r))
    for row in r:
        if row[0] in ids:
            w.writerow(row)
print(f"{len(ids)} families of 17.71", file=sys.stderr)
PY
fi

SERVER_PID=""
stop() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop EXIT

password_of() { # demo output, username
    awk -v u="$2" '$2 == u && $3 == "password" {print $4}' <<<"$1"
}

run_engine() { # label database-url
    local label="$1" db="$2" logins
    printf '== %s: building or reusing the demo (%s families) …\n' "$label" "$FAMILIES" >&2
    logins="$("$BIN" --database "$db" demo --families "$FAMILIES" --no-serve 2>/dev/null)"
    local kota pkb
    kota="$(password_of "$logins" kota)"
    pkb="$(password_of "$logins" pkb)"
    [ -n "$kota" ] && [ -n "$pkb" ] || die "no demo logins printed for $label"
    "$BIN" --database "$db" serve --bind "127.0.0.1:$PORT" >"$OUT/upload-load-$label.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
        python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/v1/rounds')" 2>/dev/null && break
        sleep 0.2
    done
    local result
    result="$(python3 "$ROOT/bench/upload_load.py" "http://127.0.0.1:$PORT" kota "$kota" pkb "$pkb" \
        --families "$PART/keluarga.csv" --members "$PART/anggota.csv" --dashboard /wilayah/17.03 \
        --readers "$READERS")"
    stop
    python3 - "$label" "$result" <<'PY'
import json, sys
label, r = sys.argv[1], json.loads(sys.argv[2])
u, i, d = r["upload"], r["idle"], r["during_upload"]
ok = u["status"] == 200 and u["imported"] and d["errors"] == 0 and d["p99"] <= 50 and d["max"] <= 1000
print(f"{label:<10} upload {u['status']} in {u['seconds']} s ({u['imported']}); reads during it: {d['n']}, "
      f"p50 {d['p50']:.1f} ms, p99 {d['p99']:.1f} ms, max {d['max']:.1f} ms, {d['errors']} errors; "
      f"before it: p99 {i['p99']:.1f} ms, max {i['max']:.1f} ms  "
      f"(target p99 <= 50 ms, max <= 1 s, no errors: {'ok' if ok else 'MISSED'})")
for path, s in sorted(r["during_upload_by_path"].items()):
    print(f"           {path:<44} {s['n']:>6} reads  p99 {s['p99']:.1f} ms  max {s['max']:.1f} ms")
PY
}

for engine in $ENGINES; do
    case "$engine" in
        sqlite) run_engine sqlite "$OUT/load-$FAMILIES.db" ;;
        postgres)
            name="${PG_URL##*/}"
            admin="${PG_URL%/*}/postgres"
            python3 - "$admin" "$name" <<'PY' || true
import subprocess, sys
admin, name = sys.argv[1], sys.argv[2]
have = subprocess.run(["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                      capture_output=True, text=True).stdout.strip()
if have != "1":
    subprocess.run(["psql", admin, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
PY
            run_engine postgres "$PG_URL" ;;
        *) die "unknown engine $engine" ;;
    esac
done
