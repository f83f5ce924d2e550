#!/usr/bin/env bash
# The test command: every test of the workspace (`cargo test --workspace --locked`, extra arguments passed on),
# then, as the last lines, what did not run. Outside CI, tests that need PostgreSQL or Chromium skip when those
# are missing (under CI=true they fail instead); cargo's own summary counts a skipped test as passed, so each skip
# is also written to a log (crates/kkb-testdb, module skips) and summed up here. Exit status: cargo's.
set -uo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target_dir"
export KAMPUNGKB_TEST_SKIPS
KAMPUNGKB_TEST_SKIPS="$(cd "$target_dir" && pwd)/test-skips.txt"
: >"$KAMPUNGKB_TEST_SKIPS"

cargo test --workspace --locked "$@"
status=$?

echo
if [ -s "$KAMPUNGKB_TEST_SKIPS" ]; then
    echo "SKIPPED: $(wc -l <"$KAMPUNGKB_TEST_SKIPS") test(s) or parts of tests did not run, so this run tested less than CI does:"
    cut -f1 "$KAMPUNGKB_TEST_SKIPS" | sort | uniq -c | sort -rn | sed -E 's/^ *([0-9]+) /  \1 × /'
    echo "  (each one is listed in $KAMPUNGKB_TEST_SKIPS; CI=true makes them fail instead of skipping)"
elif [ "$status" -eq 0 ]; then
    echo "No test skipped."
fi
[ "$status" -eq 0 ] || echo "FAILED: cargo test exited with status $status (see above)."
exit "$status"
