#!/usr/bin/env bash
# Regenerate Ferry's Tahoe-LAFS reference fixtures with the real tahoe-lafs
# code. Usage: Tests/Fixtures/generate.sh   (works from any directory)
#   FERRY_FIXTURE_VENV  venv to use/create (default Tests/Fixtures/.venv,
#                       relative paths are relative to the repository root)
#   PYTHON              interpreter used to create the venv (default python3)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

TAHOE_VERSION="1.20.0"
ZFEC_VERSION="1.6.0.0"
VENV="${FERRY_FIXTURE_VENV:-Tests/Fixtures/.venv}"
PY="$VENV/bin/python"

have_deps() {
    [ -x "$PY" ] && "$PY" - "$TAHOE_VERSION" "$ZFEC_VERSION" <<'PYEOF' >/dev/null 2>&1
import sys
import allmydata, zfec
sys.exit(0 if (allmydata.__version__, zfec.__version__) == (sys.argv[1], sys.argv[2]) else 1)
PYEOF
}

if ! have_deps; then
    if [ ! -x "$PY" ]; then
        echo "creating venv at $VENV" >&2
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    "$PY" -m pip install --quiet --upgrade pip || true
    "$PY" -m pip install --quiet "tahoe-lafs==$TAHOE_VERSION" "zfec==$ZFEC_VERSION"
    have_deps || { echo "tahoe-lafs $TAHOE_VERSION / zfec $ZFEC_VERSION not importable from $VENV" >&2; exit 1; }
fi

# FERRY_SKIP_GENERATE=1: only make sure the venv exists (scripts/setup --test).
if [ -n "${FERRY_SKIP_GENERATE:-}" ]; then exit 0; fi

"$PY" Tests/Fixtures/generate_chk.py
if [ -f Tests/Fixtures/generate_zfec.py ]; then
    "$PY" Tests/Fixtures/generate_zfec.py
fi
if [ -f Tests/Fixtures/generate_cbor.py ]; then "$PY" Tests/Fixtures/generate_cbor.py; fi
