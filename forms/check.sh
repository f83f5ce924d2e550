#!/usr/bin/env bash
# CI check: the committed XForms in forms/xform are exactly what the pinned pyxform makes of the sources in
# forms/src (and they pass ODK Validate when java is installed). Fails with a diff otherwise.
set -euo pipefail
source "$(dirname "$0")/env.sh"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
"$PY" "$FORMS_DIR/build.py" --out "$fresh"
if ! diff -ru "$FORMS_DIR/xform" "$fresh"; then
    echo "forms/xform differs from a fresh conversion of forms/src: run python3 forms/build.py (in forms/.venv) and commit" >&2
    exit 1
fi
echo "forms: $(ls "$fresh"/*.xml | wc -l) XForms and their version history match their sources"
