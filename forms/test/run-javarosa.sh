#!/usr/bin/env bash
# Fills the generated XForms with JavaRosa, the form engine of ODK Collect, taken from the ODK Validate jar that the
# pinned pyxform ships (nothing is downloaded but pyxform from PyPI). Needs java and javac (JDK 17 or later).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
jar="$("$PY" -c 'import pathlib, pyxform.validators.odk_validate as v; print(pathlib.Path(v.__file__).parent / "bin" / "ODK_Validate.jar")')"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$jar" "$FORMS_DIR"/test/javarosa/*.java
java -cp "$jar:$classes" FormsTest "$FORMS_DIR/xform" "$FORMS_DIR/test/media"
