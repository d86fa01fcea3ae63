#!/usr/bin/env bash
# lagebild from a fresh clone:
#   ./lagebild.sh demo      ingest the bundled demo corpus into ./lagebild.db and print what was found
#   ./lagebild.sh test      run the test suite (what .ci/run runs)
#   ./lagebild.sh ARGS...   any other `lagebild` command, e.g. `./lagebild.sh serve`
# Creates .venv on first use and re-installs the project whenever pyproject.toml changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${LAGEBILD_VENV:-$ROOT/.venv}"
STAMP="$VENV/.lagebild-install-stamp"

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "lagebild needs Python 3.11 (or 3.12); install python3.11 and python3.11-venv" >&2
  return 1
}

ensure_env() {
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python="$(find_python)"
    echo "creating $VENV with $python ..." >&2
    "$python" -m venv "$VENV"
  fi
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
    echo "installing lagebild and its dependencies into $VENV (first run takes a few minutes) ..." >&2
    "$VENV/bin/python" -m pip install --quiet --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --quiet --disable-pip-version-check -e "$ROOT[dev]"
    echo "$want" >"$STAMP"
  fi
}

cmd="${1:-demo}"
[ $# -gt 0 ] && shift
ensure_env
case "$cmd" in
  demo)
    exec "$VENV/bin/lagebild" demo "$@"
    ;;
  test)
    cd "$ROOT"
    # -rfEs: list failures, errors and skip reasons (e.g. "PostgreSQL tests skipped: ...");
    # pytest's exit code 5 (nothing collected) fails this script like any other failure
    exec "$VENV/bin/python" -m pytest -q -rfEs "$@"
    ;;
  *)
    exec "$VENV/bin/lagebild" "$cmd" "$@"
    ;;
esac
