#!/usr/bin/env python3
"""Converts the XLSForm sources in forms/src/*.md into the XForms served to ODK clients, forms/xform/<formID>.xml.

The sources are Markdown-table XLSForms (pyxform reads .md as well as .xlsx), so they diff line by line in git.
Each form's `version` is not written in its source: it is derived here from the form itself (see `version_of`), so
it changes whenever the generated XForm would change and stays the same when nothing changed.

Every version ever generated is kept in forms/xform/versions.json (formID -> versions, oldest first; a new one is
appended, none is ever removed), so that the server keeps accepting submissions from phones that still hold an
older version of a form.

Usage:  python3 forms/build.py [--out DIR] [--no-validate]
  --out DIR       write the XForms to DIR instead of forms/xform (forms/check.sh compares the two)
  --no-validate   skip ODK Validate (the JavaRosa parser shipped inside the pyxform package; needs `java`)
"""

import argparse
import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from pyxform import __version__ as PYXFORM_VERSION
from pyxform.xls2xform import convert

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = HERE / "src"
REGIONS = REPO / "data" / "regions-indonesia.csv"
XF = "{http://www.w3.org/2002/xforms}"
DEFAULT_LANGUAGE = "Bahasa Indonesia (id)"

# The elements each PK form must carry under its root and under each `anggota` (forms/README.md, "The instances"):
# the columns of keluarga.csv and anggota.csv in docs/pk-import.md.
FAMILY_COLUMNS = [
    "family_id", "village_code", "rw", "rt", "pk_year", "kk_number", "p01", "p02", "p03a", "p03b", "p03c", "p03d",
    "p04", "p05", "p19", "p20", "p21", "p22", "p23", "p24", "p25", "p26", "savings", "sick_treated", "online_media",
    "daily_interaction", "joint_parenting", "recreation", "social_activity", "kb_method", "kb_reason_not_using",
]
MEMBER_COLUMNS = [
    "member_no", "nik", "name", "sex", "birth_date", "marital_status", "birth_certificate", "relation", "religion",
    "education", "in_school", "health_insurance",
]
# The columns of laporan.csv (docs/kampung-import.md).
REPORT_COLUMNS = [
    "village_code", "month", "pus", "mow", "mop", "iud", "implan", "suntik", "pil", "kondom", "hamil",
    "ingin_anak_segera", "iat", "tial", "bkb", "bkr", "bkl", "uppka", "pik_r",
]
# Helper elements each form adds beside the contract's (forms/README.md documents every one of them).
HELPERS = {
    "pk-keluarga": ["jumlah_anggota", "ada_pus", "pakai_kb", "ada_sakit"],
    "pk-perbarui": ["keluarga", "anggota_lama", "no_terakhir", "anggota_keluar", "anggota_tetap", "anggota_baru",
                    "jumlah_anggota", "ada_pus", "pakai_kb", "ada_sakit"],
    "laporan-kampung": ["bulan", "jumlah_peserta", "jumlah_bukan_peserta"],
}
EXPECTED_TOP = {
    "pk-keluarga": FAMILY_COLUMNS + ["anggota"],
    "pk-perbarui": FAMILY_COLUMNS + ["anggota", "family_version"],
    "laporan-kampung": REPORT_COLUMNS,
}
VERSION_PLACEHOLDER = "0000000000"
# The committed history of every version each form has had (see the module comment).
HISTORY = HERE / "xform" / "versions.json"


def provinces() -> str:
    """The province codes of the region table, space-separated, as the NIK and KK constraints list them."""
    with REGIONS.open(encoding="utf-8") as f:
        codes = sorted(r["code"] for r in csv.DictReader(f) if r["level"] == "province")
    return " ".join(codes)


def check_province_lists(name: str, text: str, expected: str) -> None:
    """Every `selected('11 12 …', substr(…, 0, 2))` province list in a source must be the region table's."""
    lists = re.findall(r"selected\('((?:\d\d ?)+)', substr\(", text)
    if name.startswith("pk-") and not lists:
        sys.exit(f"{name}: no province list found in the NIK/KK constraints")
    for found in lists:
        if found != expected:
            sys.exit(f"{name}: a province list differs from {REGIONS.relative_to(REPO)}:\n  {found}\n  {expected}")


def convert_source(path: Path, version: str) -> str:
    """The XForm of one source with the given version (pyxform, pretty printed)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        # The version is one more settings column, added here and never written in the source.
        if line.startswith("| | form_id |"):
            lines[i] = line.rstrip().removesuffix("|").rstrip() + " | version |"
            lines[i + 1] = lines[i + 1].rstrip().removesuffix("|").rstrip() + f" | {version} |"
            break
    else:
        sys.exit(f"{path.name}: no settings table with form_id")
    warnings: list[str] = []
    result = convert(xlsform="\n".join(lines).encode("utf-8"), file_type=".md", pretty_print=True,
                     warnings=warnings, default_language=DEFAULT_LANGUAGE)
    for w in warnings:
        print(f"{path.name}: pyxform warning: {w}", file=sys.stderr)
    if warnings:
        sys.exit(f"{path.name}: pyxform warnings are treated as errors")
    return result.xform if result.xform.endswith("\n") else result.xform + "\n"


def version_of(path: Path) -> str:
    """The form's version: the first 10 hex digits of the SHA-256 of the XForm generated with a placeholder
    version. It changes whenever the XForm changes (source edit or a pyxform that writes differently) and is the
    same on every machine when nothing changed."""
    xform = convert_source(path, VERSION_PLACEHOLDER)
    return hashlib.sha256(xform.encode("utf-8")).hexdigest()[:10]


def sanity_check(form_id: str, version: str, xform: str) -> None:
    """Parses the XForm and checks the instance layout the OpenRosa contract requires."""
    root = ET.fromstring(xform)
    instances = root.findall(f".//{XF}model/{XF}instance")
    main = list(instances[0])[0]
    if main.get("id") != form_id or main.get("version") != version:
        sys.exit(f"{form_id}: the instance root has id={main.get('id')!r} version={main.get('version')!r}")
    top = [c.tag.removeprefix(XF) for c in main]
    expected = EXPECTED_TOP[form_id]
    missing = [c for c in expected if c not in top]
    extra = [c for c in dict.fromkeys(top) if c not in expected and c not in HELPERS[form_id] and c != "meta"]
    if missing or extra:
        sys.exit(f"{form_id}: instance elements missing {missing}, undocumented {extra}")
    meta = main.find(f"{XF}meta")
    if meta is None or meta.find(f"{XF}instanceID") is None:
        sys.exit(f"{form_id}: no meta/instanceID")
    if form_id.startswith("pk-"):
        for member in main.findall(f"{XF}anggota"):
            children = [c.tag.removeprefix(XF) for c in member]
            if sorted(children) != sorted(MEMBER_COLUMNS):
                sys.exit(f"{form_id}: anggota has {children}, the contract wants {MEMBER_COLUMNS}")


def versions_with(history: dict[str, list[str]], form_id: str, version: str) -> dict[str, list[str]]:
    """The history with `version` appended to the form's list unless it is already there."""
    known = history.setdefault(form_id, [])
    if version not in known:
        known.append(version)
    return history


def write_history(history: dict[str, list[str]], out: Path) -> Path:
    """Writes the history as stable JSON (sorted form ids, versions oldest first)."""
    target = out / "versions.json"
    target.write_text(json.dumps(history, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def odk_validate(paths: list[Path]) -> None:
    """Runs ODK Validate (JavaRosa, as in ODK Collect) on the XForms, with the sample media files in a
    `<form>-media` folder beside each, where ODK tools keep a form's media."""
    java = shutil.which("java")
    if java is None:
        print("ODK Validate skipped: no java on this machine", file=sys.stderr)
        return
    import pyxform.validators.odk_validate as ov

    jar = Path(ov.__file__).parent / "bin" / "ODK_Validate.jar"
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            form = Path(tmp) / p.name
            shutil.copy(p, form)
            media = Path(tmp) / f"{p.stem}-media"
            shutil.copytree(HERE / "test" / "media", media)
            run = subprocess.run([java, "-Djava.awt.headless=true", "-jar", str(jar), str(form)],
                                 capture_output=True, text=True)
            out = (run.stdout + run.stderr).strip()
            if run.returncode != 0 or "Xform is valid" not in out:
                sys.exit(f"{p.name}: ODK Validate failed:\n{out}")
            print(f"{p.name}: ODK Validate: valid", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "xform")
    ap.add_argument("--no-validate", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    expected_provinces = provinces()
    history = json.loads(HISTORY.read_text(encoding="utf-8")) if HISTORY.exists() else {}
    written = []
    for path in sorted(SRC.glob("*.md")):
        form_id = path.stem
        if form_id not in EXPECTED_TOP:
            sys.exit(f"{path.name}: unknown form (add it to EXPECTED_TOP and HELPERS in build.py)")
        check_province_lists(form_id, path.read_text(encoding="utf-8"), expected_provinces)
        version = version_of(path)
        xform = convert_source(path, version)
        sanity_check(form_id, version, xform)
        target = args.out / f"{form_id}.xml"
        target.write_text(xform, encoding="utf-8")
        written.append(target)
        versions_with(history, form_id, version)
        print(f"{target}: version {version} (pyxform {PYXFORM_VERSION})", file=sys.stderr)
    print(f"{write_history(history, args.out)}: every version of every form", file=sys.stderr)
    if not args.no_validate:
        odk_validate(written)


if __name__ == "__main__":
    main()
