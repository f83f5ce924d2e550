#!/usr/bin/env bash
# kampungkb capture benchmark (issue 14): phones sending PK forms over OpenRosa to `kampungkb serve` (release build,
# SQLite) holding the demo database, while a reader loads a web page.
#
# 1. One phone sends BENCH_SINGLE (100) forms one after another: one submission's round trip (target p99 <= 200 ms).
# 2. BENCH_CLIENTS (20) phones send BENCH_SUBMISSIONS (1000) new families into the villages of the demo kecamatan
#    (5% with a broken rule, 5% sent twice), while BENCH_READERS (2) readers load /wilayah/17: round trips, the
#    page's p99 under that load, and its p99 before (idle).
# 3. The database afterwards: every submission recorded once, applied or waiting for review, none lost or doubled.
#
# The demo database (BENCH_FAMILIES = 50000 families) is built once under bench/out/ and copied for each run.
# Needs python3 (standard library only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
FAMILIES="${BENCH_FAMILIES:-50000}"
CLIENTS="${BENCH_CLIENTS:-20}"
SUBMISSIONS="${BENCH_SUBMISSIONS:-1000}"
SINGLE="${BENCH_SINGLE:-100}"
READERS="${BENCH_READERS:-2}"
PORT="${BENCH_PORT:-18090}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
export KAMPUNGKB_KEY="${BENCH_KAMPUNGKB_KEY:-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0}"
unset KAMPUNGKB_DATABASE_URL KAMPUNGKB_KEY_FILE KAMPUNGKB_PUBLIC_URL KAMPUNGKB_TRUSTED_PROTO_HEADER
BIN="$ROOT/target/release/kampungkb"
BASE_DB="$OUT/capture-base-$FAMILIES.db"
DB="$OUT/capture-run.db"
USER_NAME=pkb

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
command -v python3 >/dev/null || die "python3 is needed"
mkdir -p "$OUT"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release --locked -p kampungkb >&2)
fi
if [ ! -s "$BASE_DB" ]; then
    printf 'building %s (%s families) …\n' "$BASE_DB" "$FAMILIES" >&2
    "$BIN" --database "$BASE_DB" demo --families "$FAMILIES" --no-serve >/dev/null
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$BASE_DB" "$DB"
[ -f "$BASE_DB-wal" ] && cp "$BASE_DB-wal" "$DB-wal"
# The demo gives its users new random passwords on every run and prints them.
PASSWORD="$("$BIN" --database "$DB" demo --families "$FAMILIES" --no-serve 2>/dev/null \
    | awk -v u="$USER_NAME" '$2 == u && $3 == "password" {print $4}')"
[ -n "$PASSWORD" ] || die "the demo printed no password for $USER_NAME"

SERVER_PID=""
stop() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop EXIT
"$BIN" --database "$DB" serve --bind "127.0.0.1:$PORT" >"$OUT/capture-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/v1/rounds')" 2>/dev/null && break
    sleep 0.2
done
YEAR="$(python3 -c "import json, urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:$PORT/api/v1/rounds'))['rounds'][0]['year'])" 2>/dev/null || echo 2021)"
CLIENT="$ROOT/bench/capture_client.py"
URL="http://127.0.0.1:$PORT"

printf '== /wilayah/17 read by %s readers, nothing else running\n' "$READERS"
idle="$(python3 "$CLIENT" "$URL" "$USER_NAME" "$PASSWORD" --submissions 0 --seconds 10 --reader "$URL/wilayah/17" --readers "$READERS")"
printf '%s\n' "$idle"
printf '== 1 phone sends %s forms one by one (readers meanwhile)\n' "$SINGLE"
single="$(python3 "$CLIENT" "$URL" "$USER_NAME" "$PASSWORD" --clients 1 --submissions "$SINGLE" --year "$YEAR" \
    --broken 0 --resent 0 --serial 3000 --reader "$URL/wilayah/17" --readers "$READERS")"
printf '%s\n' "$single"
printf '== %s phones, %s submissions, %s readers of /wilayah/17\n' "$CLIENTS" "$SUBMISSIONS" "$READERS"
load="$(python3 "$CLIENT" "$URL" "$USER_NAME" "$PASSWORD" --clients "$CLIENTS" --submissions "$SUBMISSIONS" \
    --year "$YEAR" --serial 5000 --reader "$URL/wilayah/17" --readers "$READERS")"
printf '%s\n' "$load"
stop

printf '== the database afterwards\n'
python3 - "$DB" "$single" "$load" "$idle" <<'PY'
import json, sqlite3, sys
db, single, load, idle = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
c = sqlite3.connect(db)
by_status = dict(c.execute("SELECT status, COUNT(*) FROM capture_submissions GROUP BY status"))
total = sum(by_status.values())
distinct = c.execute("SELECT COUNT(DISTINCT instance_id) FROM capture_submissions").fetchone()[0]
bench_families = c.execute("SELECT COUNT(*) FROM families WHERE family_id LIKE 'BENCH-%'").fetchone()[0]
sent = single["submissions"] + load["submissions"]
answered = single["created"] + single["accepted"] + load["created"] + load["accepted"]
ok = (total == sent == distinct == answered
      and by_status.get("applied", 0) == bench_families == single["created"] + load["created"]
      and by_status.get("review", 0) == load["accepted"] == load["broken_sent"]
      and set(by_status) <= {"applied", "review"} and load["other"] == 0 and single["other"] == 0
      and set(load["resent_answers"]) <= {201, 202})
print(json.dumps({"recorded": total, "distinct_instance_ids": distinct, "by_status": by_status,
                  "families_stored": bench_families, "forms_sent": sent, "answered_201_202": answered}))
print(f"page /wilayah/17 idle: p50 {idle['read_p50_ms']} ms, p99 {idle['read_p99_ms']} ms ({idle['reads']} reads)")
print("PASS: every submission recorded once, applied or waiting for review" if ok else "FAIL: lost or doubled submissions")
print(f"single phone: p50 {single['p50_ms']} ms, p99 {single['p99_ms']} ms (target <= 200 ms); "
      f"page /wilayah/17 p99 {single['read_p99_ms']} ms meanwhile")
print(f"{load['clients']} phones: {load['submissions']} forms in {load['wall_s']} s ({load['per_s']}/s), round trip "
      f"p50 {load['p50_ms']} ms, p99 {load['p99_ms']} ms; page /wilayah/17 p99 {load['read_p99_ms']} ms under load "
      f"({load['reads']} reads, {load['read_errors']} errors)")
sys.exit(0 if ok else 1)
PY
