# Sourced by check.sh and test/run-javarosa.sh: a Python virtual environment in forms/.venv with the pinned pyxform
# (created on first use, reinstalled when requirements.txt changes). Sets PY to its python.
FORMS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$FORMS_DIR/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ] || ! cmp -s "$FORMS_DIR/requirements.txt" "$VENV/requirements.txt"; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$FORMS_DIR/requirements.txt"
    cp "$FORMS_DIR/requirements.txt" "$VENV/requirements.txt"
fi
