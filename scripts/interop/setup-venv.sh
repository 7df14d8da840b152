#!/usr/bin/env bash
# Create <repo>/.venv (system python3, 3.11) and install scripts/interop/requirements.txt.
# Idempotent: a marker file in .venv holds the sha256 of requirements.txt; when it
# matches, nothing is installed and the script returns at once.
# Prints the path of the venv's python on stdout (last line), logs go to stderr.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${EVENTY_VENV:-$ROOT/.venv}"
REQ="$HERE/requirements.txt"
MARKER="$VENV/.eventy-interop-requirements.sha256"
PY="$VENV/bin/python"
PYTHON3="${PYTHON3:-python3}"

want="$(sha256sum "$REQ" | cut -d' ' -f1)"

if [[ -x "$PY" ]] && [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$want" ]] \
   && "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 8) else 1)' 2>/dev/null; then
  echo "$PY"
  exit 0
fi

if ! [[ -x "$PY" ]] || ! "$PY" -c 'import pip' >/dev/null 2>&1; then
  echo "setup-venv: creating $VENV with $(command -v "$PYTHON3") ($("$PYTHON3" --version 2>&1))" >&2
  rm -rf "$VENV"
  "$PYTHON3" -m venv "$VENV"
fi

echo "setup-venv: installing $REQ" >&2
start=$(date +%s)
"$PY" -m pip install --disable-pip-version-check --no-input -q -r "$REQ" >&2
"$PY" -m pip check >&2 || true
"$PY" -c 'import eventy.messaging.confluent_kafka, eventy.serialization.avro, eventy.serialization.json' >&2
echo "$want" > "$MARKER"
echo "setup-venv: done in $(( $(date +%s) - start ))s" >&2
echo "$PY"
